using FieldKit.Data.Seeding;
using Microsoft.Playwright;

namespace FieldKit.Tests.Browser;

/// <summary>What a person does in the browser, as reusable steps.</summary>
public static class BrowserSteps
{
    public static async Task SignInAsync(IPage page, string username, string password = DemoSeeder.DemoPassword)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", username);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=sign-in]");
        await WaitForInteractiveAsync(page);
    }

    /// <summary>Clicks sent before the circuit is interactive are lost; the layout renders this marker once it is.</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.Locator("[data-testid=interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    public static Task<string> AppBarColourAsync(IPage page) =>
        page.Locator("header.mud-appbar").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
}
