using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FieldKit.Data.Seeding;
using FieldKit.Tests.Browser;
using FieldKit.Tests.Infrastructure;
using Microsoft.Playwright;
using Npgsql;
using Xunit.Abstractions;

namespace FieldKit.Tests.Operations;

/// <summary>
/// PostgreSQL stopped and started under a running app, then the app itself restarted under an open tab. Each test
/// has a cluster and an app instance of its own: stopping the shared test cluster would break the other tests.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed partial class FaultTests(DataFixture fx, AppFixture shared, BrowserFixture browsers, ITestOutputHelper output) : IAsyncLifetime
{
    public Task InitializeAsync() => fx.ResetToDemoAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Database_outage_shows_a_banner_naming_the_company_and_screens_recover_by_themselves_and_after_an_app_restart_the_open_tab_comes_back_signed_in_by_itself()
    {
        await using var cluster = await ClusterWithDemoDataAsync();
        var settings = AppSettings(cluster);
        var port = OpsTools.FreePort();

        var app = new FieldKitApp(settings, port);
        try
        {
            var page = await browsers.NewPageAsync(app.BaseAddress);
            await BrowserSteps.SignInAsync(page, "michele", DemoSeeder.DemoPassword);
            await page.GotoAsync("/kleanit_charlotte/customers");
            await BrowserSteps.WaitForInteractiveAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=customer-link]").First).ToBeVisibleAsync();
            var banner = page.Locator("[data-testid=database-banner]");
            await Assertions.Expect(banner).ToHaveCountAsync(0);

            // PostgreSQL goes away while the tab is open; the user moves to another screen.
            await cluster.StopAsync();
            var down = Stopwatch.StartNew();
            await page.ClickAsync("a[href='/kleanit_charlotte']");
            await Assertions.Expect(banner).ToContainTextAsync("Kleanit Charlotte's database is not reachable — retrying");
            await Assertions.Expect(page.Locator("[data-testid=database-waiting]")).ToBeVisibleAsync();
            output.WriteLine($"banner shown {down.Elapsed.TotalSeconds:F1} s after the cluster stopped");

            using var http = app.Browser();
            var ready = await http.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            using (var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()))
                Assert.Equal("Degraded", json.RootElement.GetProperty("databases").GetProperty("kleanit_charlotte").GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);

            // It comes back: the same tab, untouched, shows the page with its data within 30 s.
            await cluster.StartAsync();
            var back = Stopwatch.StartNew();
            var recovered = new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 };
            await Assertions.Expect(page.Locator("[data-testid=customer-count]")).ToBeVisibleAsync(recovered);
            await Assertions.Expect(banner).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
            Assert.Matches(@"^\d+$", (await page.Locator("[data-testid=customer-count]").InnerTextAsync()).Trim());
            var recovery = back.Elapsed;
            output.WriteLine($"page recovered {recovery.TotalSeconds:F1} s after the cluster was back");
            Assert.True(recovery < TimeSpan.FromSeconds(30), $"recovery took {recovery}");

            // The app restarts (a deploy) under the open tab. Nobody touches the tab: its reconnect reaches the new
            // process, which does not know the old circuit ("rejected"), so the page reloads itself
            // (ReconnectModal.razor.js) and is still signed in because the data-protection keys live in fieldkit_core.
            var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            page.Load += (_, _) => reloaded.TrySetResult(); // a new document, not an in-app navigation
            await app.DisposeAsync();
            app = new FieldKitApp(settings, port);
            _ = app.BaseAddress; // starts it on the same port
            var restarted = Stopwatch.StartNew();
            try
            {
                await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(90));
            }
            catch (TimeoutException)
            {
                output.WriteLine("reconnect state: " + await page.EvaluateAsync<string>("() => document.getElementById('components-reconnect-modal')?.className"));
                throw;
            }
            await page.Locator("[data-testid=interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 60_000 });
            Assert.EndsWith("/kleanit_charlotte", page.Url);
            await Assertions.Expect(page.Locator("[data-testid=page-title]")).ToContainTextAsync("Today at Kleanit Charlotte");
            output.WriteLine($"tab reloaded itself and is interactive {restarted.Elapsed.TotalSeconds:F1} s after the new app started");

            // Signed in and live on the new process: a nav link re-renders the page through the new circuit, and the
            // account menu (rendered by the circuit on click) names Michele and offers sign-out.
            await page.ClickAsync("[data-testid=nav-customers]");
            await Assertions.Expect(page.Locator("[data-testid=customer-link]").First).ToBeVisibleAsync();
            Assert.EndsWith("/kleanit_charlotte/customers", page.Url);
            await Assertions.Expect(page.Locator("[data-testid=user-menu]")).ToContainTextAsync("Michele");
            await page.ClickAsync("[data-testid=user-menu] button");
            await Assertions.Expect(page.Locator("[data-testid=sign-out]")).ToBeVisibleAsync();
            await page.Context.CloseAsync();
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_save_while_the_database_is_stopped_writes_nothing_keeps_the_edit_and_succeeds_once_it_is_back()
    {
        await using var cluster = await ClusterWithDemoDataAsync();
        var companyDb = Unpooled(cluster.ConnectionString("fieldkit_kleanit_charlotte"));
        var id = await ScalarAsync<int>(companyDb, "SELECT min(id) FROM customers WHERE deleted_at IS NULL");
        var before = await CustomerRowAsync(companyDb, id);
        var auditBefore = await ScalarAsync<long>(companyDb, "SELECT count(*) FROM audit_log");

        await using var app = new FieldKitApp(AppSettings(cluster), OpsTools.FreePort());
        var page = await browsers.NewPageAsync(app.BaseAddress);
        await BrowserSteps.SignInAsync(page, "michele", DemoSeeder.DemoPassword);
        await page.GotoAsync($"/kleanit_charlotte/customers/{id}");
        await BrowserSteps.WaitForInteractiveAsync(page);
        await page.ClickAsync("[data-testid=edit-customer]");
        var phone = page.Locator("input[data-testid=field-phone], [data-testid=field-phone] input");
        await phone.FillAsync("704 555 0142");

        // The database stops with the form open; the user saves.
        await cluster.StopAsync();
        await page.ClickAsync("[data-testid=save-customer]");
        await Assertions.Expect(page.Locator("[data-testid=save-error]"))
            .ToContainTextAsync("Not saved: Kleanit Charlotte's database is not reachable");
        await Assertions.Expect(page.Locator("[data-testid=database-banner]"))
            .ToContainTextAsync("Kleanit Charlotte's database is not reachable — retrying");
        await Assertions.Expect(phone).ToHaveValueAsync("(704) 555-0142"); // the edit is still on screen (normalised)

        // Back: the banner goes by itself, and the failed save left no trace.
        await cluster.StartAsync();
        await Assertions.Expect(page.Locator("[data-testid=database-banner]"))
            .ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
        Assert.Equal(before, await CustomerRowAsync(companyDb, id));
        Assert.Equal(auditBefore, await ScalarAsync<long>(companyDb, "SELECT count(*) FROM audit_log"));

        // Saving the same form again works: the version it holds is still the stored one.
        await page.ClickAsync("[data-testid=save-customer]");
        await Assertions.Expect(page.Locator("[data-testid=customer-phone]"))
            .ToHaveTextAsync("(704) 555-0142", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        Assert.Equal("(704) 555-0142", await ScalarAsync<string>(companyDb, $"SELECT phone FROM customers WHERE id = {id}"));
        Assert.Equal(auditBefore + 1, await ScalarAsync<long>(companyDb, "SELECT count(*) FROM audit_log"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_script_and_stylesheet_of_an_interactive_page_is_served_including_the_reconnect_handler()
    {
        // The reconnect handler (ReconnectModal.razor.js, under /Components/) is what reloads a tab after an app
        // restart; once it was answered 404 by the company-route guard and tabs silently stayed dead.
        using var client = shared.App.Browser();
        await FieldKitApp.SignInAsync(client, "michele", DemoSeeder.DemoPassword);
        var html = await client.GetStringAsync("/kleanit_charlotte");
        var assets = AssetReference().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains(assets, a => a.Contains("ReconnectModal", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("blazor.web", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await client.GetAsync(asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}");
        }
    }

    [GeneratedRegex("""<(?:script|link)[^>]*(?:src|href)="([^"]+\.(?:js|css))"[^>]*>""")]
    private static partial Regex AssetReference();

    /// <summary>A cluster of this test's own, holding a copy of the shared test cluster's demo data.</summary>
    private static async Task<ThrowawayCluster> ClusterWithDemoDataAsync()
    {
        var cluster = await ThrowawayCluster.CreateAsync();
        try
        {
            await cluster.CloneFromAsync(TestConfiguration.Port, OpsTools.Databases);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static Dictionary<string, string?> AppSettings(ThrowawayCluster cluster)
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Core"] = cluster.ConnectionString("fieldkit_core") };
        foreach (var c in TestConfiguration.Companies) settings[$"ConnectionStrings:{c}"] = cluster.ConnectionString($"fieldkit_{c}");
        return settings;
    }

    // The test's own reads open a fresh connection each time: a pooled one would not survive the restart.
    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The whole row as text: any column a half-save touched would show.</summary>
    private static Task<string> CustomerRowAsync(string connectionString, int id) =>
        ScalarAsync<string>(connectionString, $"SELECT c::text FROM customers c WHERE id = {id}");
}
