using System.Text.RegularExpressions;
using FieldKit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FieldKit.Tests.Browser;

[Collection(DatabaseCollection.Name)]
public sealed class CustomerLiveBrowserTests(DataFixture fx, AppFixture app, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => fx.ResetToDemoAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_phone_changed_by_Michele_appears_on_Walters_open_customer_page_without_reload()
    {
        int id;
        await using (var db = fx.Company("kleanit_charlotte"))
            id = await db.Customers.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var walter = await browser.NewPageAsync(app.App.BaseAddress);
        var michele = await browser.NewPageAsync(app.App.BaseAddress);
        await BrowserSteps.SignInAsync(walter, "walter");
        await BrowserSteps.SignInAsync(michele, "michele");
        await walter.GotoAsync($"/kleanit_charlotte/customers/{id}");
        await BrowserSteps.WaitForInteractiveAsync(walter);
        var walterNavigations = 0;
        walter.FrameNavigated += (_, frame) => { if (frame == walter.MainFrame) walterNavigations++; };

        await michele.GotoAsync($"/kleanit_charlotte/customers/{id}");
        await BrowserSteps.WaitForInteractiveAsync(michele);
        await michele.ClickAsync("[data-testid=edit-customer]");
        await michele.FillAsync("input[data-testid=field-phone], [data-testid=field-phone] input", "704 555 0188");
        await michele.ClickAsync("[data-testid=save-customer]");
        await Assertions.Expect(michele.Locator("[data-testid=customer-phone]")).ToHaveTextAsync("(704) 555-0188");

        await Assertions.Expect(walter.Locator("[data-testid=customer-phone]")).ToHaveTextAsync("(704) 555-0188");
        Assert.Equal(0, walterNavigations);
        await walter.Context.CloseAsync();
        await michele.Context.CloseAsync();
    }

    [Fact]
    public async Task Searching_the_customer_list_narrows_it_on_the_server()
    {
        string name;
        await using (var db = fx.Company("kleanit_charlotte"))
            name = await db.Customers.OrderBy(c => c.Id).Select(c => c.PropertyName).FirstAsync();
        var page = await browser.NewPageAsync(app.App.BaseAddress);
        await BrowserSteps.SignInAsync(page, "michele");
        await page.GotoAsync("/kleanit_charlotte/customers");
        await BrowserSteps.WaitForInteractiveAsync(page);

        await page.FillAsync("input[data-testid=customer-search], [data-testid=customer-search] input", name);

        await Assertions.Expect(page.Locator("[data-testid=customer-link]").First).ToHaveTextAsync(name);
        Assert.True(await page.Locator("[data-testid=customer-link]").CountAsync() <= 3);
        await page.Locator("[data-testid=customer-link]").First.ClickAsync();
        await page.WaitForURLAsync(new Regex("/kleanit_charlotte/customers/\\d+$"));
        await Assertions.Expect(page.Locator("[data-testid=customer-name]")).ToHaveTextAsync(name);
        await page.Context.CloseAsync();
    }
}
