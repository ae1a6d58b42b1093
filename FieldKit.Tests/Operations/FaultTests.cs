using System.Diagnostics;
using System.Net;
using System.Text.Json;
using FieldKit.Data.Seeding;
using FieldKit.Tests.Browser;
using FieldKit.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FieldKit.Tests.Operations;

/// <summary>
/// PostgreSQL stopped and started under a running app (a cluster and an app instance of this test's own),
/// then the app itself restarted under an open tab.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class FaultTests(DataFixture fx, BrowserFixture browsers, ITestOutputHelper output) : IAsyncLifetime
{
    public Task InitializeAsync() => fx.ResetToDemoAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Database_outage_shows_a_banner_naming_the_company_and_screens_recover_by_themselves_and_a_restarted_app_keeps_the_sign_in()
    {
        await using var cluster = await ThrowawayCluster.CreateAsync();
        await cluster.CloneFromAsync(TestConfiguration.Port, OpsTools.Databases);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Core"] = cluster.ConnectionString("fieldkit_core"),
        };
        foreach (var c in TestConfiguration.Companies) settings[$"ConnectionStrings:{c}"] = cluster.ConnectionString($"fieldkit_{c}");
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

            // The app restarts (a deploy) under the open tab: the tab's reconnect reaches the new process,
            // which does not know the old circuit ("rejected"); reloaded, the tab is still signed in because
            // the data-protection keys live in fieldkit_core.
            await app.DisposeAsync();
            app = new FieldKitApp(settings, port);
            _ = app.BaseAddress; // starts it on the same port
            var restarted = Stopwatch.StartNew();
            await Assertions.Expect(page.Locator("#components-reconnect-modal.components-reconnect-rejected"))
                .ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
            await page.ReloadAsync();
            await BrowserSteps.WaitForInteractiveAsync(page);
            Assert.EndsWith("/kleanit_charlotte", page.Url);
            await Assertions.Expect(page.Locator("[data-testid=page-title]")).ToContainTextAsync("Today at Kleanit Charlotte");
            output.WriteLine($"tab reconnected to the restarted app and signed in again {restarted.Elapsed.TotalSeconds:F1} s after it started");
            await page.Context.CloseAsync();
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
