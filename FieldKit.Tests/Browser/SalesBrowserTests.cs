using System.Text.RegularExpressions;
using FieldKit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FieldKit.Tests.Browser;

[Collection(DatabaseCollection.Name)]
public sealed class SalesBrowserTests(DataFixture fx, AppFixture app, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => fx.ResetToDemoAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task On_a_phone_Chris_O_logs_a_Hot_Lead_visit_from_his_home_and_sees_it_on_the_prospects_timeline()
    {
        string prospect;
        await using (var db = fx.Company("kleanit_charlotte"))
            prospect = await db.SalesProspects.Where(p => p.OwnerUsername == "chriso").OrderBy(p => p.NextFollowUp).Select(p => p.PropertyName).FirstAsync();
        var page = await browser.NewPageAsync(app.App.BaseAddress, width: 375, height: 740);
        await BrowserSteps.SignInAsync(page, "chriso");

        await page.GotoAsync("/sales");
        await BrowserSteps.WaitForInteractiveAsync(page);
        // The home lists his follow-ups across companies, each with its company.
        await Assertions.Expect(page.Locator("[data-testid=home-follow-ups] [data-testid=home-row]").First).ToBeVisibleAsync();
        Assert.True(await page.Locator("[data-testid=home-follow-ups] [data-testid=home-row][data-company=getagrip]").CountAsync() > 0);

        await page.GotoAsync("/kleanit_charlotte/sales/prospects");
        await BrowserSteps.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = prospect, Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/kleanit_charlotte/sales/prospects/\\d+$"));
        var before = await page.Locator("[data-testid=visit-entry]").CountAsync();

        await page.ClickAsync("[data-testid=log-visit]");
        await page.Locator("[data-testid=visit-tag]", new() { HasText = "Hot Lead" }).ClickAsync();
        await page.FillAsync("textarea[data-testid=visit-notes], [data-testid=visit-notes] textarea", "Regional manager wants pricing by Friday");
        await page.ClickAsync("[data-testid=save-visit]");

        var newest = page.Locator("[data-testid=visit-entry]").First;
        await Assertions.Expect(page.Locator("[data-testid=visit-entry]")).ToHaveCountAsync(before + 1);
        await Assertions.Expect(newest).ToContainTextAsync("Regional manager wants pricing by Friday");
        await Assertions.Expect(newest.Locator("[data-testid=visit-entry-tag]")).ToHaveTextAsync("Hot Lead");
        // Nothing spills sideways on a 375 px screen.
        var overflowing = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && getComputedStyle(e).position !== 'fixed')" +
            ".map(e => e.tagName + ' ' + (e.getAttribute('aria-label') ?? '') + ' ' + Math.round(e.getBoundingClientRect().right) + ' in ' + (e.closest('[class*=mud-snackbar],[class*=mud-appbar],[class*=mud-dialog]')?.className ?? '')).slice(0, 3)");
        Assert.Empty(overflowing);
        await page.Context.CloseAsync();
    }
}
