using System.Text.RegularExpressions;
using FieldKit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FieldKit.Tests.Browser;

[Collection(DatabaseCollection.Name)]
public sealed class CompanySwitchBrowserTests(DataFixture fx, AppFixture app, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => fx.ResetToDemoAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Walter_sees_Kleanit_Charlotte_blue_and_is_refused_cts()
    {
        var page = await browser.NewPageAsync(app.App.BaseAddress);

        await BrowserSteps.SignInAsync(page, "walter");

        Assert.EndsWith("/kleanit_charlotte", page.Url);
        Assert.Equal("rgb(0, 82, 204)", await BrowserSteps.AppBarColourAsync(page));
        Assert.Equal("Currently viewing: Kleanit Charlotte", (await page.Locator("[data-testid=currently-viewing]").InnerTextAsync()).Trim());

        var response = await page.GotoAsync("/cts");
        Assert.Equal(403, response!.Status);
        Assert.Contains("Not allowed", await page.Locator("[data-testid=status-message]").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Michele_switches_to_Get_a_Grip_and_the_bar_and_data_follow()
    {
        var page = await browser.NewPageAsync(app.App.BaseAddress);
        await BrowserSteps.SignInAsync(page, "michele");
        Assert.EndsWith("/kleanit_charlotte", page.Url);
        await page.ClickAsync("[data-testid=nav-customers]");
        await page.WaitForURLAsync(new Regex("/kleanit_charlotte/customers$"));
        var kleanitFirst = await page.Locator("[data-testid=customer-link]").First.InnerTextAsync();
        string getAGripFirst;
        await using (var db = fx.Company("getagrip"))
            getAGripFirst = await db.Customers.OrderBy(c => c.PropertyName).ThenBy(c => c.Id).Select(c => c.PropertyName).FirstAsync();
        Assert.NotEqual(kleanitFirst, getAGripFirst);

        await page.ClickAsync("[data-testid=company-switcher] button");
        await page.ClickAsync("[data-switch-to=getagrip]");

        await page.WaitForURLAsync(new Regex("/getagrip/customers$"));
        await Assertions.Expect(page.Locator("[data-testid=currently-viewing]")).ToContainTextAsync("Get a Grip Charlotte");
        Assert.Equal("rgb(139, 21, 56)", await BrowserSteps.AppBarColourAsync(page));
        await Assertions.Expect(page.Locator("[data-testid=customer-link]").First).ToHaveTextAsync(getAGripFirst);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task After_sign_out_the_back_button_shows_no_data()
    {
        var page = await browser.NewPageAsync(app.App.BaseAddress);
        await BrowserSteps.SignInAsync(page, "michele");
        await Assertions.Expect(page.Locator("[data-testid=customer-count]")).ToBeVisibleAsync();

        await page.ClickAsync("[data-testid=user-menu] button");
        await page.ClickAsync("[data-testid=sign-out]");
        await page.WaitForURLAsync(new Regex("/account/login"));

        await page.GoBackAsync();
        await page.WaitForURLAsync(new Regex("/account/login"));
        Assert.Equal(0, await page.Locator("[data-testid=customer-count]").CountAsync());
        await page.Context.CloseAsync();
    }
}
