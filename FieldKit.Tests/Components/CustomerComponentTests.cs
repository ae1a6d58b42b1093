using Bunit;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace FieldKit.Tests.Components;

[Collection(DatabaseCollection.Name)]
public sealed class CustomerComponentTests(DataFixture fx) : ComponentTestContext(fx)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    /// <summary>Michele on Kleanit Charlotte's customer list, and the property names in the given order (straight from the database).</summary>
    private async Task<(IRenderedComponent<CustomersPage> Page, List<string> Names)> OpenListAsync(
        Func<IQueryable<FieldKit.Domain.Entities.Customer>, IOrderedQueryable<FieldKit.Domain.Entities.Customer>> order)
    {
        await EnterAsync("michele", "kleanit_charlotte");
        List<string> names;
        await using (var db = Fx.Company("kleanit_charlotte"))
            names = await order(db.Customers).ThenBy(c => c.Id).Select(c => c.PropertyName).ToListAsync();
        Render<MudPopoverProvider>();
        var page = Render<CustomersPage>(p => p.Add(x => x.Company, "kleanit_charlotte"));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=customer-link]")), Wait);
        return (page, names);
    }

    [Fact]
    public async Task The_grid_shows_the_first_page_sorted_by_name_and_search_narrows_it()
    {
        var (page, names) = await OpenListAsync(q => q.OrderBy(c => c.PropertyName));

        page.WaitForAssertion(() =>
            Assert.Equal(names.Take(25), page.FindAll("[data-testid=customer-link]").Select(a => a.TextContent)), Wait);
        Assert.Equal($"1-25 of {names.Count:N0}", page.Find("[data-testid=pager-info]").TextContent);

        var target = names[40];
        page.Find("input[data-testid=customer-search], [data-testid=customer-search] input").Input(target);
        page.WaitForAssertion(() =>
            Assert.Equal(target, page.FindAll("[data-testid=customer-link]").First().TextContent), Wait);
        Assert.True(page.FindAll("[data-testid=customer-link]").Count < 25);
    }

    [Fact]
    public async Task A_column_header_sorts_on_the_server_by_that_column()
    {
        var (page, byCityAll) = await OpenListAsync(q => q.OrderBy(c => c.City));
        var byCity = byCityAll.Take(25).ToList();

        page.FindAll("th").Single(th => th.TextContent.Trim().StartsWith("City", StringComparison.Ordinal))
            .QuerySelector(".sortable-column-header")!.Click();

        page.WaitForAssertion(() =>
            Assert.Equal(byCity, page.FindAll("[data-testid=customer-link]").Select(a => a.TextContent)), Wait);
    }

    [Fact]
    public async Task The_pager_pages_through_the_list_and_a_new_search_starts_again_at_the_first_page()
    {
        var (page, names) = await OpenListAsync(q => q.OrderBy(c => c.PropertyName));
        page.WaitForAssertion(() => Assert.Equal(names.Take(25), page.FindAll("[data-testid=customer-link]").Select(a => a.TextContent)), Wait);
        Assert.True(page.Find("button[aria-label='Previous page']").HasAttribute("disabled"));

        page.Find("button[aria-label='Next page']").Click();

        page.WaitForAssertion(() => Assert.Equal(names.Skip(25).Take(25), page.FindAll("[data-testid=customer-link]").Select(a => a.TextContent)), Wait);
        Assert.Equal($"26-50 of {names.Count:N0}", page.Find("[data-testid=pager-info]").TextContent);

        page.Find("[data-testid=customers-pager] select").Change("10");
        page.WaitForAssertion(() => Assert.Equal(names.Take(10), page.FindAll("[data-testid=customer-link]").Select(a => a.TextContent)), Wait);

        page.Find("button[aria-label='Next page']").Click();
        page.WaitForAssertion(() => Assert.Equal(names.Skip(10).Take(10), page.FindAll("[data-testid=customer-link]").Select(a => a.TextContent)), Wait);
        page.Find("input[data-testid=customer-search], [data-testid=customer-search] input").Input(names[3]);
        page.WaitForAssertion(() => Assert.Equal(names[3], page.FindAll("[data-testid=customer-link]").First().TextContent), Wait);
        Assert.StartsWith("1-", page.Find("[data-testid=pager-info]").TextContent);
    }

    [Fact]
    public async Task A_second_click_on_a_sorted_header_reverses_the_order()
    {
        var (page, descendingAll) = await OpenListAsync(q => q.OrderByDescending(c => c.PropertyName));
        var descending = descendingAll.Take(25).ToList();
        Assert.Equal("ascending", page.FindAll("th").First().GetAttribute("aria-sort"));

        page.FindAll("th").First().QuerySelector(".sortable-column-header")!.Click();

        page.WaitForAssertion(() => Assert.Equal(descending, page.FindAll("[data-testid=customer-link]").Select(a => a.TextContent)), Wait);
        Assert.Equal("descending", page.FindAll("th").First().GetAttribute("aria-sort"));
    }

    [Fact]
    public async Task The_contact_editor_shows_server_messages_next_to_fields_and_saves_nothing()
    {
        await EnterAsync("michele", "kleanit_charlotte");
        int customerId;
        int before;
        await using (var db = Fx.Company("kleanit_charlotte"))
        {
            customerId = await db.Customers.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
            before = await db.CustomerContacts.CountAsync(c => c.CustomerId == customerId);
        }
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetService(typeof(IDialogService)) as IDialogService;
        var input = new ContactInput { CustomerId = customerId };
        await provider.InvokeAsync(() => dialogs!.ShowAsync<ContactDialog>("Add contact",
            new DialogParameters<ContactDialog> { { d => d.Input, input } }));

        provider.Find("input[data-testid=contact-office-phone], [data-testid=contact-office-phone] input").Change("555-01");
        provider.Find("input[data-testid=contact-email], [data-testid=contact-email] input").Change("tom@");
        provider.Find("[data-testid=save-contact]").Click();

        provider.WaitForAssertion(() =>
        {
            Assert.Contains("First name is required.", provider.Markup);
            Assert.Contains("Enter a 10-digit US phone number", provider.Markup);
            Assert.Contains("Enter an email address like name@example.com.", provider.Markup);
        }, Wait);
        await using var check = Fx.Company("kleanit_charlotte");
        Assert.Equal(before, await check.CustomerContacts.CountAsync(c => c.CustomerId == customerId));
    }

    [Fact]
    public async Task History_is_read_when_its_panel_is_opened_not_with_the_page()
    {
        await EnterAsync("michele", "kleanit_charlotte");
        int customerId;
        await using (var db = Fx.Company("kleanit_charlotte", "walter"))
        {
            var customer = await db.Customers.OrderBy(c => c.Id).FirstAsync();
            customer.Phone = "(704) 555-0142";
            await db.SaveChangesAsync();
            customerId = customer.Id;
        }
        Render<MudPopoverProvider>();

        var page = Render<CustomerPage>(p => p.Add(x => x.Company, "kleanit_charlotte").Add(x => x.Id, customerId));

        page.WaitForElement("[data-testid=customer-name]", Wait);
        Assert.Empty(page.FindComponents<CustomerHistory>());
        page.Find("[data-testid=history-panel] .mud-expand-panel-header").Click();
        page.WaitForAssertion(() => Assert.Contains("changed by walter", page.Find("[data-testid=history]").TextContent), Wait);
        Assert.Contains("(704) 555-0142", page.Find("[data-testid=history]").TextContent);
    }

    [Fact]
    public async Task The_search_is_remembered_for_the_next_visit_of_that_user()
    {
        await EnterAsync("michele", "kleanit_charlotte");
        string target;
        await using (var db = Fx.Company("kleanit_charlotte"))
            target = await db.Customers.OrderBy(c => c.PropertyName).ThenBy(c => c.Id).Select(c => c.PropertyName).Skip(30).FirstAsync();
        Render<MudPopoverProvider>();
        var first = Render<CustomersPage>(p => p.Add(x => x.Company, "kleanit_charlotte"));
        first.WaitForElement("[data-testid=customer-link]", Wait);

        var search = first.FindComponents<MudTextField<string>>()
            .Single(f => f.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (string?)id == "customer-search");
        // What the search box does when its debounce elapses, awaited (typing would start a timer the test could
        // not await): the value is bound, the rows are reloaded, then the filter is saved.
        await first.InvokeAsync(async () =>
        {
            await search.Instance.ValueChanged.InvokeAsync(target);
            await search.Instance.OnDebounceIntervalElapsed.InvokeAsync(target);
        });
        first.WaitForAssertion(() => Assert.Equal(target, first.FindAll("[data-testid=customer-link]").First().TextContent), Wait);

        var next = Render<CustomersPage>(p => p.Add(x => x.Company, "kleanit_charlotte"));

        next.WaitForAssertion(() => Assert.Equal(target, next.FindAll("[data-testid=customer-link]").First().TextContent), Wait);
        Assert.Equal(target, next.Find("input[data-testid=customer-search], [data-testid=customer-search] input").GetAttribute("value"));
    }
}
