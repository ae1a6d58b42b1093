using FieldKit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FieldKit.Tests.Browser;

[Collection(DatabaseCollection.Name)]
public sealed class ApprovalBrowserTests(DataFixture fx, AppFixture app, BrowserFixture browser) : IAsyncLifetime
{
    public Task InitializeAsync() => fx.ResetToDemoAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Chris_O_suggests_a_phone_Walters_open_queue_shows_it_live_and_his_inline_approval_updates_the_customer()
    {
        int id;
        string name;
        await using (var db = fx.Company("kleanit_charlotte"))
        {
            var first = await db.Customers.OrderBy(c => c.Id).Select(c => new { c.Id, c.PropertyName }).FirstAsync();
            (id, name) = (first.Id, first.PropertyName);
        }
        var walter = await browser.NewPageAsync(app.App.BaseAddress);
        var chris = await browser.NewPageAsync(app.App.BaseAddress);
        await BrowserSteps.SignInAsync(walter, "walter");
        await BrowserSteps.SignInAsync(chris, "chriso");
        await walter.GotoAsync("/kleanit_charlotte/approvals");
        await BrowserSteps.WaitForInteractiveAsync(walter);
        var walterNavigations = 0;
        walter.FrameNavigated += (_, frame) => { if (frame == walter.MainFrame) walterNavigations++; };
        var badgeBefore = int.Parse(await walter.Locator("[data-testid=approval-badge]").GetAttributeAsync("data-count") ?? "0");

        // Chris O, a salesperson, cannot edit; he suggests.
        await chris.GotoAsync($"/kleanit_charlotte/customers/{id}");
        await BrowserSteps.WaitForInteractiveAsync(chris);
        Assert.Equal(0, await chris.Locator("[data-testid=edit-customer]").CountAsync());
        await chris.ClickAsync("[data-testid=suggest-change]");
        await chris.FillAsync("[data-testid=suggest-dialog] [data-testid=field-phone] input, [data-testid=suggest-dialog] input[data-testid=field-phone]", "704 555 0142");
        await chris.ClickAsync("[data-testid=send-suggestion]");
        await Assertions.Expect(chris.GetByText("Sent for approval.")).ToBeVisibleAsync();
        await Assertions.Expect(chris.Locator("[data-testid=customer-phone]")).Not.ToHaveTextAsync("(704) 555-0142");

        // Walter's open queue shows it without a reload, and the badge counts it.
        var item = walter.Locator("[data-testid=approval-item]", new() { HasText = $"Update {name} phone number" });
        await Assertions.Expect(item).ToBeVisibleAsync();
        await Assertions.Expect(walter.Locator("[data-testid=approval-badge]")).ToHaveAttributeAsync("data-count", (badgeBefore + 1).ToString());
        Assert.Equal(0, walterNavigations);

        await item.Locator("[data-testid=approval-expand]").ClickAsync();
        await Assertions.Expect(item.Locator("[data-testid=diff-row]")).ToContainTextAsync("(704) 555-0142");
        await item.Locator("[data-testid=approve]").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);
        await Assertions.Expect(walter.Locator("[data-testid=approval-badge]")).ToHaveAttributeAsync("data-count", badgeBefore.ToString());
        Assert.Equal(0, walterNavigations);

        await walter.GotoAsync($"/kleanit_charlotte/customers/{id}");
        await Assertions.Expect(walter.Locator("[data-testid=customer-phone]")).ToHaveTextAsync("(704) 555-0142");
        // Chris O's open page follows the approved change too.
        await Assertions.Expect(chris.Locator("[data-testid=customer-phone]")).ToHaveTextAsync("(704) 555-0142");
        await walter.Context.CloseAsync();
        await chris.Context.CloseAsync();
    }
}
