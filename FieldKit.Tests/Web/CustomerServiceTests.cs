using FieldKit.Data.Auditing;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FieldKit.Tests.Web;

[Collection(DatabaseCollection.Name)]
public sealed class CustomerServiceTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    private const string Company = "kleanit_charlotte";
    private int _oakwoodId;

    public async Task InitializeAsync()
    {
        await fx.ResetAsync();
        await using var db = fx.Company(Company, "seed");
        var greystar = new ManagementCompany { Name = "Greystar" };
        var oakwood = new Customer
        {
            PropertyName = "Oakwood Apartments", Address = "1200 Oakwood Street", City = "Charlotte", State = "NC", Zip = "28202",
            Phone = "(704) 555-0101", Email = "office@oakwood.example", ManagementCompany = greystar,
        };
        oakwood.Contacts.Add(new CustomerContact { FirstName = "Tom", LastName = "Davis", Title = "Property Manager", MobilePhone = "(980) 555-0177", Email = "tom.davis@oakwood.example", IsPrimary = true });
        db.Customers.AddRange(
            oakwood,
            new Customer { PropertyName = "Riverside Commons", Address = "45 River Rd", City = "Matthews", State = "NC", Zip = "28105", Status = CustomerStatus.Inactive },
            new Customer { PropertyName = "The Reserve at Ballantyne", Address = "9 Ballantyne Pkwy", City = "Charlotte", State = "NC", Zip = "28277", ManagementCompany = greystar });
        await db.SaveChangesAsync();
        _oakwoodId = oakwood.Id;
        await fx.SeedDemoUsersAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(AsyncServiceScope Scope, CustomerService Service)> AsAsync(string user, string company = Company)
    {
        var scope = await app.ForUserAsync(fx, user);
        scope.ServiceProvider.GetRequiredService<CurrentCompany>().Set(fx.Catalogue.Get(company));
        return (scope, scope.ServiceProvider.GetRequiredService<CustomerService>());
    }

    [Theory]
    [InlineData("oakw", "Oakwood Apartments")]          // partial name
    [InlineData("OAKWOOD", "Oakwood Apartments")]       // case-insensitive
    [InlineData("28277", "The Reserve at Ballantyne")]  // ZIP
    [InlineData("matthews", "Riverside Commons")]       // city
    [InlineData("tom dav", "Oakwood Apartments")]       // contact name
    [InlineData("980-555-0177", "Oakwood Apartments")]  // contact phone, typed with dashes
    [InlineData("(704) 555-0101", "Oakwood Apartments")] // property phone
    [InlineData("tom.davis@", "Oakwood Apartments")]    // contact email
    [InlineData("1200 oakwood", "Oakwood Apartments")]  // address
    public async Task Search_matches_partial_text_across_customer_and_contact_fields(string term, string expected)
    {
        var (scope, customers) = await AsAsync("michele");
        await using var _ = scope;

        var result = await customers.ListAsync(new CustomerListQuery { Search = term });

        Assert.Equal([expected], result.Items.Select(r => r.PropertyName));
        Assert.Equal(1, result.Total);
    }

    [Fact]
    public async Task Search_treats_wildcards_literally()
    {
        var (scope, customers) = await AsAsync("michele");
        await using var _ = scope;
        Assert.Equal(0, (await customers.ListAsync(new CustomerListQuery { Search = "%" })).Total);
        Assert.Equal(0, (await customers.ListAsync(new CustomerListQuery { Search = "o_kwood" })).Total);
    }

    [Fact]
    public async Task Search_follows_contacts_added_renamed_and_removed()
    {
        var (scope, customers) = await AsAsync("michele");
        await using var _ = scope;
        async Task<string[]> Find(string term) =>
            (await customers.ListAsync(new CustomerListQuery { Search = term })).Items.Select(r => r.PropertyName).ToArray();

        var (ok, _) = await customers.SaveContactAsync(new ContactInput { CustomerId = _oakwoodId, FirstName = "Ana", LastName = "Ruiz" });
        Assert.True(ok.Succeeded);
        Assert.Equal(["Oakwood Apartments"], await Find("ruiz"));

        await using (var db = fx.Company(Company, "test"))
        {
            var ana = await db.CustomerContacts.SingleAsync(c => c.LastName == "Ruiz");
            ana.LastName = "Lopez";
            await db.SaveChangesAsync();
        }
        Assert.Empty(await Find("ruiz"));
        Assert.Equal(["Oakwood Apartments"], await Find("lopez"));

        int anaId;
        await using (var db = fx.Company(Company, "test"))
            anaId = await db.CustomerContacts.Where(c => c.LastName == "Lopez").Select(c => c.Id).SingleAsync();
        Assert.True((await customers.RemoveContactAsync(_oakwoodId, anaId)).Succeeded);
        Assert.Empty(await Find("lopez"));
        Assert.Equal(["Oakwood Apartments"], await Find("tom davis"));   // the other contact still matches
    }

    [Fact]
    public async Task A_search_matching_thousands_counts_up_to_the_cap_and_says_so()
    {
        await using (var db = fx.Company(Company, "test"))
        {
            db.Customers.AddRange(Enumerable.Range(1, CustomerService.SearchCountCap + 5)
                .Select(i => new Customer { PropertyName = $"Capstone Village {i:D4}" }));
            await db.SaveChangesAsync();
        }
        var (scope, customers) = await AsAsync("michele");
        await using var _ = scope;

        var first = await customers.ListAsync(new CustomerListQuery { Search = "capstone" });
        Assert.True(first.TotalIsCapped);
        Assert.Equal(CustomerService.SearchCountCap + 1, first.Total);
        Assert.Equal("Capstone Village 0001", first.Items[0].PropertyName);

        // Paging towards the end counts further, so the pager can always offer the next page.
        var deep = await customers.ListAsync(new CustomerListQuery { Search = "capstone", Page = 40 });
        Assert.False(deep.TotalIsCapped);
        Assert.Equal(CustomerService.SearchCountCap + 5, deep.Total);
        Assert.Equal(["Capstone Village 1001", "Capstone Village 1002", "Capstone Village 1003", "Capstone Village 1004", "Capstone Village 1005"],
            deep.Items.Select(r => r.PropertyName));

        var unfiltered = await customers.ListAsync(new CustomerListQuery());
        Assert.False(unfiltered.TotalIsCapped);
        Assert.Equal(CustomerService.SearchCountCap + 5 + 3, unfiltered.Total);
    }

    [Fact]
    public async Task Filters_sorting_and_paging_run_on_the_server()
    {
        var (scope, customers) = await AsAsync("michele");
        await using var _ = scope;

        var inactive = await customers.ListAsync(new CustomerListQuery { Status = CustomerStatus.Inactive });
        Assert.Equal(["Riverside Commons"], inactive.Items.Select(r => r.PropertyName));
        var charlotte = await customers.ListAsync(new CustomerListQuery { City = "charl", SortBy = nameof(CustomerListRow.PropertyName), Descending = true });
        Assert.Equal(["The Reserve at Ballantyne", "Oakwood Apartments"], charlotte.Items.Select(r => r.PropertyName));
        var page2 = await customers.ListAsync(new CustomerListQuery { PageSize = 2, Page = 1 });
        Assert.Equal(3, page2.Total);
        Assert.Equal(["The Reserve at Ballantyne"], page2.Items.Select(r => r.PropertyName));
        Assert.Equal("Tom Davis", (await customers.ListAsync(new CustomerListQuery { Search = "oakwood" })).Items[0].PrimaryContact);
    }

    [Fact]
    public async Task Bad_values_get_messages_by_field_and_nothing_is_saved()
    {
        var (scope, customers) = await AsAsync("michele");
        await using var _ = scope;
        var input = CustomerInput.From(await FindAsync(_oakwoodId));
        input.PropertyName = "  ";
        input.Phone = "555-0101";
        input.Email = "office@";
        input.Zip = "2820";
        input.State = "North Carolina";

        var result = await customers.SaveAsync(input);

        Assert.False(result.Succeeded);
        Assert.Equal(["Email", "Phone", "PropertyName", "State", "Zip"], result.Errors.Keys.Order());
        Assert.Equal("Property name is required.", result.Errors["PropertyName"]);
        Assert.Equal("Oakwood Apartments", (await FindAsync(_oakwoodId)).PropertyName);
    }

    [Fact]
    public async Task Phones_zip_and_state_are_normalised_on_save()
    {
        var (scope, customers) = await AsAsync("walter");
        await using var _ = scope;
        var input = CustomerInput.From(await FindAsync(_oakwoodId));
        input.Phone = "+1 704.555.0199";
        input.Zip = "282021234";
        input.State = "nc";

        var result = await customers.SaveAsync(input);

        Assert.True(result.Succeeded);
        var saved = await FindAsync(_oakwoodId);
        Assert.Equal(("(704) 555-0199", "28202-1234", "NC", "walter"), (saved.Phone, saved.Zip, saved.State, saved.UpdatedBy));
    }

    [Fact]
    public async Task A_possible_duplicate_warns_before_saving_and_can_be_confirmed()
    {
        var (scope, customers) = await AsAsync("michele");
        await using var _ = scope;
        var input = new CustomerInput { PropertyName = "reserve at Ballantyne!", Address = "77 Elsewhere Ave" };
        var byAddress = new CustomerInput { PropertyName = "Oakwood II", Address = "1200 Oakwood St." };

        var warned = await customers.SaveAsync(input);
        var warnedByAddress = await customers.SaveAsync(byAddress);

        Assert.False(warned.Succeeded);
        Assert.Contains(warned.PossibleDuplicates, d => d.StartsWith("The Reserve at Ballantyne", StringComparison.Ordinal));
        Assert.Contains(warnedByAddress.PossibleDuplicates, d => d.StartsWith("Oakwood Apartments", StringComparison.Ordinal));
        await using (var db = fx.Company(Company)) Assert.Equal(3, await db.Customers.CountAsync());

        Assert.True((await customers.SaveAsync(byAddress, confirmedDuplicate: true)).Succeeded);
        await using (var db = fx.Company(Company)) Assert.Equal(4, await db.Customers.CountAsync());
    }

    [Fact]
    public async Task The_second_of_two_editors_is_told_who_changed_it_and_sees_their_values()
    {
        var (walterScope, asWalter) = await AsAsync("walter");
        var (micheleScope, asMichele) = await AsAsync("michele");
        await using var _ = walterScope;
        await using var __ = micheleScope;
        var original = await FindAsync(_oakwoodId);
        var walters = CustomerInput.From(original);
        var micheles = CustomerInput.From(original);

        walters.Phone = "(704) 555-0111";
        Assert.True((await asWalter.SaveAsync(walters)).Succeeded);
        micheles.Phone = "(704) 555-0122";
        var second = await asMichele.SaveAsync(micheles);

        Assert.NotNull(second.Conflict);
        Assert.Equal("walter", second.Conflict.ChangedBy);
        Assert.Equal("(704) 555-0111", second.Conflict.Current.Phone);
        Assert.Equal("(704) 555-0111", (await FindAsync(_oakwoodId)).Phone);
    }

    [Fact]
    public async Task Soft_delete_hides_and_only_admins_list_and_restore()
    {
        var (walterScope, asWalter) = await AsAsync("walter");
        await using var _ = walterScope;
        var oakwood = await FindAsync(_oakwoodId);

        Assert.True((await asWalter.DeleteAsync(_oakwoodId, oakwood.Version)).Succeeded);
        Assert.Null(await asWalter.GetAsync(_oakwoodId));
        Assert.Equal(0, (await asWalter.ListAsync(new CustomerListQuery { Search = "oakwood" })).Total);
        await Assert.ThrowsAsync<PermissionDeniedException>(() => asWalter.ListDeletedAsync());
        await Assert.ThrowsAsync<PermissionDeniedException>(() => asWalter.RestoreAsync(_oakwoodId));

        var (micheleScope, asMichele) = await AsAsync("michele");
        await using var __ = micheleScope;
        var deleted = Assert.Single(await asMichele.ListDeletedAsync());
        Assert.Equal(("Oakwood Apartments", "walter"), (deleted.PropertyName, deleted.DeletedBy));
        Assert.True((await asMichele.RestoreAsync(_oakwoodId)).Succeeded);
        Assert.NotNull(await asWalter.GetAsync(_oakwoodId));
    }

    [Fact]
    public async Task A_salesperson_reads_customers_but_every_write_is_refused()
    {
        var (scope, asChris) = await AsAsync("chriso");
        await using var _ = scope;
        var oakwood = await FindAsync(_oakwoodId);

        Assert.NotNull(await asChris.GetAsync(_oakwoodId));
        var input = CustomerInput.From(oakwood);
        input.Phone = "(704) 555-0999";
        await Assert.ThrowsAsync<PermissionDeniedException>(() => asChris.SaveAsync(input));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => asChris.DeleteAsync(_oakwoodId, oakwood.Version));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => asChris.SaveContactAsync(new ContactInput { CustomerId = _oakwoodId, FirstName = "New" }));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => asChris.RemoveContactAsync(_oakwoodId, oakwood.Contacts.Count));
        Assert.Equal("(704) 555-0101", (await FindAsync(_oakwoodId)).Phone);
    }

    [Fact]
    public async Task A_manager_of_cts_cannot_list_kleanit_charlotte_customers()
    {
        var (scope, asPatrick) = await AsAsync("patrick");
        await using var _ = scope;
        await Assert.ThrowsAsync<PermissionDeniedException>(() => asPatrick.ListAsync(new CustomerListQuery()));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => asPatrick.GetAsync(_oakwoodId));
    }

    [Fact]
    public async Task One_primary_contact_and_invalid_contacts_are_refused_with_messages()
    {
        var (scope, customers) = await AsAsync("michele");
        await using var _ = scope;

        var (bad, _) = await customers.SaveContactAsync(new ContactInput { CustomerId = _oakwoodId, FirstName = "", MobilePhone = "12", ReceivesStatements = true });
        Assert.Equal(["Email", "FirstName", "MobilePhone"], bad.Errors.Keys.Order());

        var (ok, saved) = await customers.SaveContactAsync(new ContactInput
        {
            CustomerId = _oakwoodId, FirstName = "Ana", LastName = "Ruiz", OfficePhone = "7045550150", Email = "ana@oakwood.example", IsPrimary = true,
        });
        Assert.True(ok.Succeeded);
        Assert.Equal("(704) 555-0150", saved.OfficePhone);
        var contacts = (await customers.GetAsync(_oakwoodId))!.Contacts;
        Assert.Equal(["Ana Ruiz"], contacts.Where(c => c.IsPrimary).Select(c => c.FullName));
    }

    [Fact]
    public async Task History_lists_changes_of_the_customer_and_its_contacts_newest_first()
    {
        var (scope, customers) = await AsAsync("walter");
        await using var _ = scope;
        var input = CustomerInput.From(await FindAsync(_oakwoodId));
        input.Phone = "(704) 555-0155";
        await customers.SaveAsync(input);
        var tom = (await customers.GetAsync(_oakwoodId))!.Contacts.Single();
        var contact = ContactInput.From(tom);
        contact.Title = "Regional Manager";
        await customers.SaveContactAsync(contact);

        var history = await customers.HistoryAsync(_oakwoodId);

        Assert.Equal("Contact Tom Davis", history[0].Subject);
        Assert.Equal("walter", history[0].By);
        Assert.Contains(history[0].Changes, c => c is { Field: "Title", Old: "Property Manager", New: "Regional Manager" });
        var phone = history.First(h => h.Subject == "Customer" && h.Operation == "update");
        Assert.Contains(phone.Changes, c => c is { Field: "Phone", Old: "(704) 555-0101", New: "(704) 555-0155" });
        Assert.Contains(history, h => h.Subject == "Customer" && h.Operation == "insert" && h.By == "seed");
    }

    private async Task<Customer> FindAsync(int id)
    {
        await using var db = fx.Company(Company);
        return await db.Customers.AsNoTracking().Include(c => c.Contacts).IgnoreQueryFilters([AuditModel.SoftDeleteFilter]).SingleAsync(c => c.Id == id);
    }
}
