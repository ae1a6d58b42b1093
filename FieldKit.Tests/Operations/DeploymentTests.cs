using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FieldKit.Data.Seeding;
using FieldKit.Tests.Browser;
using FieldKit.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FieldKit.Tests.Operations;

/// <summary>The files in nginx/ and systemd/, checked by the real tools and, for nginx, used in front of the app.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class DeploymentTests(DataFixture fx, AppFixture app, BrowserFixture browsers) : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("fieldkit-deploy-test-").FullName;

    public Task InitializeAsync() => fx.ResetToDemoAsync();

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Systemd_analyze_verify_accepts_the_units_and_the_app_unit_is_hardened()
    {
        // verify checks that ExecStart exists: point the copies at stand-ins under a temporary /opt.
        var root = Path.Combine(_work, "root");
        var units = new[] { "fieldkit.service", "fieldkit-backup.service", "fieldkit-backup.timer" };
        foreach (var exe in new[] { "opt/fieldkit/app/FieldKit.Web", "opt/fieldkit/scripts/fieldkit-backup" })
        {
            var path = Path.Combine(root, exe);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, "#!/bin/sh\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        foreach (var unit in units)
        {
            var text = await File.ReadAllTextAsync(Path.Combine(TestConfiguration.RepositoryRoot, "systemd", unit));
            await File.WriteAllTextAsync(Path.Combine(_work, unit), text.Replace("/opt/fieldkit/", root + "/opt/fieldkit/"));
        }

        var result = await OpsTools.RunAsync("systemd-analyze", ["verify", .. units.Select(u => Path.Combine(_work, u))]);
        Assert.True(result.ExitCode == 0 && result.All.Trim().Length == 0, $"systemd-analyze verify:\n{result.All}");

        var service = await File.ReadAllTextAsync(Path.Combine(TestConfiguration.RepositoryRoot, "systemd", "fieldkit.service"));
        foreach (var line in new[]
                 {
                     "Type=notify", "User=fieldkit", "EnvironmentFile=/etc/fieldkit/fieldkit.env", "Restart=on-failure",
                     "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "NoNewPrivileges=yes", "ReadWritePaths=",
                     "RestrictAddressFamilies=",
                 })
            Assert.Contains("\n" + line, service);
        Assert.DoesNotContain("\nMemoryDenyWriteExecute", service);
        var timer = await File.ReadAllTextAsync(Path.Combine(TestConfiguration.RepositoryRoot, "systemd", "fieldkit-backup.timer"));
        Assert.Contains("OnCalendar=*-*-* 02:30:00", timer);
    }

    [Fact]
    public async Task Nginx_passes_its_config_test_and_serves_the_app_over_TLS_with_the_circuit_on_a_WebSocket()
    {
        var httpPort = OpsTools.FreePort();
        var httpsPort = OpsTools.FreePort();
        var appPort = new Uri(app.App.BaseAddress).Port;

        // A self-signed certificate where Let's Encrypt's would be.
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
            await File.WriteAllTextAsync(Path.Combine(_work, "fullchain.pem"), cert.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(_work, "privkey.pem"), key.ExportPkcs8PrivateKeyPem());
        }
        var webroot = Path.Combine(_work, "letsencrypt");
        Directory.CreateDirectory(Path.Combine(webroot, ".well-known", "acme-challenge"));
        await File.WriteAllTextAsync(Path.Combine(webroot, ".well-known", "acme-challenge", "token123"), "challenge-answer");

        // The repository's site file, with only addresses and paths swapped for this machine.
        var site = await File.ReadAllTextAsync(Path.Combine(TestConfiguration.RepositoryRoot, "nginx", "fieldkit.conf"));
        foreach (var (from, to) in new[]
                 {
                     ("listen 80;", $"listen 127.0.0.1:{httpPort};"), ("listen [::]:80;", ""),
                     ("listen 443 ssl http2;", $"listen 127.0.0.1:{httpsPort} ssl http2;"), ("listen [::]:443 ssl http2;", ""),
                     ("/etc/letsencrypt/live/fieldkit.example.com/", _work + "/"),
                     ("root /var/www/letsencrypt;", $"root {webroot};"),
                     ("server 127.0.0.1:5080;", $"server 127.0.0.1:{appPort};"),
                 })
        {
            Assert.Contains(from, site);
            site = site.Replace(from, to);
        }
        await File.WriteAllTextAsync(Path.Combine(_work, "fieldkit.conf"), site);
        var main = Path.Combine(_work, "nginx.conf");
        await File.WriteAllTextAsync(main, $$"""
            {{(OpsTools.IsRoot ? "user root;" : "")}}
            pid {{_work}}/nginx.pid;
            error_log {{_work}}/error.log;
            events {}
            http {
                access_log off;
                client_body_temp_path {{_work}}/body;
                proxy_temp_path {{_work}}/proxy;
                fastcgi_temp_path {{_work}}/fastcgi;
                uwsgi_temp_path {{_work}}/uwsgi;
                scgi_temp_path {{_work}}/scgi;
                include {{_work}}/fieldkit.conf;
            }
            """);

        var check = await OpsTools.RunAsync("nginx", ["-t", "-c", main, "-p", _work]);
        Assert.True(check.ExitCode == 0, check.All);
        Assert.Contains("test is successful", check.StdErr);

        using var nginx = Process.Start(new ProcessStartInfo("nginx", ["-c", main, "-p", _work, "-g", "daemon off;"])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        })!;
        try
        {
            using var client = new HttpClient(new HttpClientHandler
            {
                AllowAutoRedirect = false,
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            }) { Timeout = TimeSpan.FromSeconds(30) };
            var https = $"https://127.0.0.1:{httpsPort}";
            await WaitForAsync(client, $"{https}/health/live");

            var redirect = await client.GetAsync($"http://127.0.0.1:{httpPort}/kleanit_charlotte/customers");
            Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
            Assert.Equal("https://127.0.0.1/kleanit_charlotte/customers", redirect.Headers.Location!.ToString());
            Assert.Equal("challenge-answer",
                await client.GetStringAsync($"http://127.0.0.1:{httpPort}/.well-known/acme-challenge/token123"));

            var login = await client.GetAsync($"{https}/account/login");
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            Assert.Contains("max-age=31536000", login.Headers.GetValues("Strict-Transport-Security").Single());
            Assert.Equal("nosniff", login.Headers.GetValues("X-Content-Type-Options").Single());
            // The app adds its own frame-ancestors 'self'; browsers enforce every CSP header, so 'none' wins.
            Assert.Contains(login.Headers.GetValues("Content-Security-Policy"), v => v.Contains("frame-ancestors 'none'", StringComparison.Ordinal));
            Assert.Equal("strict-origin-when-cross-origin", login.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{https}/metrics")).StatusCode);

            // More than the 20 MB import limit is refused at the edge.
            var tooBig = await client.PostAsync($"{https}/account/login", new ByteArrayContent(new byte[21 * 1024 * 1024]));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);

            // A person signs in through nginx and uses an interactive page: the circuit's WebSocket upgrades.
            var browser = await browsers.BrowserAsync();
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = https, IgnoreHTTPSErrors = true });
            context.SetDefaultTimeout(30_000);
            var page = await context.NewPageAsync();
            var sockets = new List<IWebSocket>();
            page.WebSocket += (_, ws) => sockets.Add(ws);
            try
            {
                await BrowserSteps.SignInAsync(page, "michele", DemoSeeder.DemoPassword);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"sign-in through nginx did not become interactive at {page.Url}; sockets: {string.Join(", ", sockets.Select(s => s.Url))}", ex);
            }
            await page.GotoAsync("/kleanit_charlotte");
            await BrowserSteps.WaitForInteractiveAsync(page);
            await page.ClickAsync("[data-testid=nav-customers]");
            await Assertions.Expect(page.Locator("[data-testid=customer-link]").First).ToBeVisibleAsync();
            // (Earlier pages' sockets may still be closing; the current page's is open.)
            Assert.Contains(sockets, ws => ws.Url.StartsWith($"wss://127.0.0.1:{httpsPort}/_blazor", StringComparison.Ordinal) && !ws.IsClosed);
            // The app saw https (X-Forwarded-Proto from the proxy it trusts): the sign-in cookie is Secure.
            var cookie = (await context.CookiesAsync()).Single(c => c.Name == "fieldkit.auth");
            Assert.True(cookie.Secure);

            // The edge's own sign-in limit (10 a minute, burst 5) answers 429 before the app does.
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 10; i++)
                statuses.Add((await client.PostAsync($"{https}/account/login", new FormUrlEncodedContent([]))).StatusCode);
            Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        }
        finally
        {
            nginx.Kill(entireProcessTree: true);
            await nginx.WaitForExitAsync();
        }
    }

    private static async Task WaitForAsync(HttpClient client, string url)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                if ((await client.GetAsync(url)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // nginx is still starting
            }
            if (DateTime.UtcNow >= deadline) throw new TimeoutException($"{url} did not answer within 20 s");
            await Task.Delay(100);
        }
    }
}
