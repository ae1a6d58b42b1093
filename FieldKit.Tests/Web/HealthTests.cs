using System.Net;
using System.Text.Json;
using FieldKit.Data.Seeding;
using FieldKit.Tests.Infrastructure;

namespace FieldKit.Tests.Web;

[Collection(DatabaseCollection.Name)]
public sealed class HealthTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => fx.ResetToDemoAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Health_is_healthy_and_names_every_database()
    {
        using var client = app.App.Browser();
        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var names = json.RootElement.GetProperty("databases").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.True(names.SetEquals(["core", .. TestConfiguration.Companies]), string.Join(", ", names));
    }

    [Fact]
    public async Task With_one_company_down_the_app_serves_the_others_and_health_names_it()
    {
        // Port 1 on loopback: nothing listens, as when Kleanit SF's database is stopped for maintenance.
        await using var degraded = new FieldKitApp(new Dictionary<string, string?>
        {
            ["ConnectionStrings:kleanit_sf"] = TestConfiguration.ConnectionString("fieldkit_kleanit_sf", port: 1),
        });
        using var client = degraded.Browser();

        var health = await client.GetAsync("/health");
        using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
        var databases = json.RootElement.GetProperty("databases");
        Assert.Equal("Degraded", databases.GetProperty("kleanit_sf").GetProperty("status").GetString());
        Assert.Contains("127.0.0.1:1", databases.GetProperty("kleanit_sf").GetProperty("error").GetString());
        Assert.Equal("Healthy", databases.GetProperty("getagrip").GetProperty("status").GetString());

        await FieldKitApp.SignInAsync(client, "michele", DemoSeeder.DemoPassword);
        var page = await client.GetAsync("/getagrip");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Get a Grip Charlotte", await page.Content.ReadAsStringAsync());
    }
}
