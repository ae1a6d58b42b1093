using System.Security.Claims;
using System.Text.Json;
using Bunit;
using Bunit.TestDoubles;
using FieldKit.Data;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Account;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.ManagementCompanies;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using MudBlazor.Services;

namespace FieldKit.Tests.Web;

[Collection(DatabaseCollection.Name)]
public sealed class ManagementCompanyTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    private const string Charlotte = "kleanit_charlotte";

    public Task InitializeAsync() => fx.ResetToDemoAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The service as <paramref name="username"/>'s circuit would get it, on <paramref name="company"/>'s pages.</summary>
    private async Task<(AsyncServiceScope Scope, ManagementCompanyService Service)> AsAsync(string username, string company = Charlotte)
    {
        var scope = await app.ForUserAsync(fx, username);
        scope.ServiceProvider.GetRequiredService<CurrentCompany>().Set(fx.Catalogue.Get(company));
        // Resolved like a registered scoped service, whether or not the app has registered it yet.
        var service = scope.ServiceProvider.GetService<ManagementCompanyService>()
            ?? ActivatorUtilities.CreateInstance<ManagementCompanyService>(scope.ServiceProvider);
        return (scope, service);
    }

    private static ManagementCompanyInput NewInput(string name) => new()
    {
        Name = name,
        Phone = "704-555-0188",
        Email = "office@example.com",
        Address = "100 N Tryon St",
        City = "Charlotte",
        State = "nc",
        Zip = "28202",
    };

    private async Task<int> AuditCountAsync(string company = Charlotte)
    {
        await using var db = fx.Company(company);
        return await db.AuditLog.CountAsync();
    }

    [Fact]
    public async Task The_list_has_the_demo_management_companies_by_name_with_their_property_counts()
    {
        var (scope, service) = await AsAsync("walter");
        await using var _ = scope;

        var rows = await service.ListAsync(null, CancellationToken.None);

        await using var db = fx.Company(Charlotte);
        var expected = await db.ManagementCompanies
            .Select(m => new { m.Id, m.Name, Count = db.Customers.Count(c => c.ManagementCompanyId == m.Id) })
            .ToListAsync();
        Assert.True(expected.Count >= 8);
        Assert.Equal(expected.Count, rows.Count);
        foreach (var e in expected)
            Assert.Equal(e.Count, rows.Single(r => r.Id == e.Id).PropertyCount);
        Assert.Equal(rows.Select(r => r.Name).Order(StringComparer.Ordinal), rows.Select(r => r.Name));
        Assert.Contains(rows, r => r.Name == "Greystar" && r.PropertyCount > 0);
        Assert.Equal(await db.Customers.CountAsync(c => c.ManagementCompanyId != null), rows.Sum(r => r.PropertyCount));
    }

    [Fact]
    public async Task Search_is_partial_case_insensitive_and_takes_wildcards_literally()
    {
        var (scope, service) = await AsAsync("walter");
        await using var _ = scope;

        var grey = await service.ListAsync("  rEyS ", CancellationToken.None);
        var underscore = await service.ListAsync("_", CancellationToken.None);
        var percent = await service.ListAsync("%", CancellationToken.None);

        Assert.Equal("Greystar", Assert.Single(grey).Name);
        Assert.Empty(underscore);
        Assert.Empty(percent);
    }

    [Fact]
    public async Task Details_list_the_properties_by_name_and_a_deleted_one_is_not_found()
    {
        var (scope, service) = await AsAsync("walter");
        await using var _ = scope;
        int id;
        List<int> expected;
        await using (var db = fx.Company(Charlotte))
        {
            id = await db.ManagementCompanies.Where(m => m.Name == "Greystar").Select(m => m.Id).SingleAsync();
            expected = await db.Customers.Where(c => c.ManagementCompanyId == id)
                .OrderBy(c => c.PropertyName).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync();
        }

        var details = await service.GetAsync(id, CancellationToken.None);

        Assert.NotNull(details);
        Assert.Equal("Greystar", details.Name);
        Assert.Equal(expected, details.Properties.Select(p => p.CustomerId));
        Assert.Null(await service.GetAsync(999_999, CancellationToken.None));

        var created = await service.SaveAsync(NewInput("Short Lived Management"), CancellationToken.None);
        Assert.True(created.Succeeded, created.Message);
        await using (var db = fx.Company(Charlotte, "walter"))
        {
            db.Remove(await db.ManagementCompanies.SingleAsync(m => m.Id == created.Id));
            await db.SaveChangesAsync();
        }
        Assert.Null(await service.GetAsync(created.Id!.Value, CancellationToken.None));
    }

    [Fact]
    public async Task Creating_with_valid_input_normalises_it_and_records_who()
    {
        var (scope, service) = await AsAsync("walter");
        await using var _ = scope;

        var input = NewInput("  Queen   City Residential ");
        input.Phone = "1 (704) 555.0188";
        input.Zip = "282021234";
        var result = await service.SaveAsync(input, CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        await using var db = fx.Company(Charlotte);
        var saved = await db.ManagementCompanies.SingleAsync(m => m.Id == result.Id);
        Assert.Equal("Queen City Residential", saved.Name);
        Assert.Equal("(704) 555-0188", saved.Phone);
        Assert.Equal("NC", saved.State);
        Assert.Equal("28202-1234", saved.Zip);
        Assert.Equal("walter", saved.CreatedBy);
        var audit = await db.AuditLog.SingleAsync(a => a.TableName == "management_companies" && a.RowId == saved.Id);
        Assert.Equal("insert", audit.Operation);
        Assert.Equal("walter", audit.ChangedBy);
    }

    [Fact]
    public async Task Invalid_input_gets_field_errors_and_writes_nothing()
    {
        var (scope, service) = await AsAsync("walter");
        await using var _ = scope;
        int before;
        await using (var db = fx.Company(Charlotte)) before = await db.ManagementCompanies.IgnoreQueryFilters().CountAsync();
        var auditBefore = await AuditCountAsync();

        var result = await service.SaveAsync(new ManagementCompanyInput
        {
            Name = "   ",
            Phone = "555-0123",
            Email = "not-an-email",
            State = "North Carolina",
            Zip = "2820",
        }, CancellationToken.None);
        var tooLong = await service.SaveAsync(new ManagementCompanyInput { Name = new string('x', 201) }, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(
            new[] { ManagementCompanyFields.Email, ManagementCompanyFields.Name, ManagementCompanyFields.Phone, ManagementCompanyFields.State, ManagementCompanyFields.Zip },
            result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(FieldKit.Domain.Customers.ContactFormats.PhoneMessage, result.Errors[ManagementCompanyFields.Phone]);
        Assert.Contains(ManagementCompanyFields.Name, tooLong.Errors.Keys);
        await using (var db = fx.Company(Charlotte)) Assert.Equal(before, await db.ManagementCompanies.IgnoreQueryFilters().CountAsync());
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Theory]
    [InlineData("7045550123", "(704) 555-0123")]
    [InlineData("704.555.0123", "(704) 555-0123")]
    [InlineData("(704) 555-0123", "(704) 555-0123")]
    [InlineData(" 704 555 0123 ", "(704) 555-0123")]
    [InlineData("1-704-555-0123", "(704) 555-0123")]
    [InlineData("+1 (704) 555-0123", "(704) 555-0123")]
    [InlineData("17045550123", "(704) 555-0123")]
    [InlineData("555-0123", null)]
    [InlineData("704-555-012", null)]
    [InlineData("704-555-01234", null)]
    [InlineData("2-704-555-0123", null)]
    [InlineData("704-555-0123 ext 12", "(704) 555-0123 x12")]
    [InlineData("704-CALL-NOW", null)]
    [InlineData("(104) 555-0123", null)]
    [InlineData("(704) 055-0123", null)]
    public void Phone_numbers_are_normalised_to_the_US_format(string raw, string? expected)
    {
        var ok = FieldKit.Domain.Customers.ContactFormats.TryNormalizePhone(raw, out var normalised);

        Assert.Equal(expected is not null, ok);
        if (expected is not null) Assert.Equal(expected, normalised);
    }

    [Fact]
    public async Task A_saved_phone_is_normalised_and_a_bad_one_is_a_field_error()
    {
        var (scope, service) = await AsAsync("walter");
        await using var _ = scope;

        var good = NewInput("Uptown Living");
        good.Phone = "+1 704.555.0123";
        var bad = NewInput("Downtown Living");
        bad.Phone = "704-CALL-NOW";
        var saved = await service.SaveAsync(good, CancellationToken.None);
        var refused = await service.SaveAsync(bad, CancellationToken.None);

        Assert.True(saved.Succeeded, saved.Message);
        Assert.Equal("(704) 555-0123", (await service.GetAsync(saved.Id!.Value, CancellationToken.None))!.Phone);
        Assert.Equal(FieldKit.Domain.Customers.ContactFormats.PhoneMessage, Assert.Single(refused.Errors).Value);
        await using var db = fx.Company(Charlotte);
        Assert.False(await db.ManagementCompanies.AnyAsync(m => m.Name == "Downtown Living"));
    }

    [Fact]
    public async Task A_duplicate_name_in_any_case_is_refused_but_a_deleted_ones_name_is_free()
    {
        var (scope, service) = await AsAsync("walter");
        await using var _ = scope;
        int count;
        await using (var db = fx.Company(Charlotte)) count = await db.ManagementCompanies.CountAsync();

        var duplicate = await service.SaveAsync(NewInput(" GREYSTAR "), CancellationToken.None);

        Assert.Equal("A management company named 'Greystar' already exists.", duplicate.Errors[ManagementCompanyFields.Name]);
        await using (var db = fx.Company(Charlotte)) Assert.Equal(count, await db.ManagementCompanies.CountAsync());

        // Renaming another one to it is refused too.
        var other = (await service.ListAsync(null, CancellationToken.None)).First(r => r.Name != "Greystar");
        var rename = ManagementCompanyInput.From((await service.GetAsync(other.Id, CancellationToken.None))!);
        rename.Name = "greystar";
        Assert.Contains(ManagementCompanyFields.Name, (await service.SaveAsync(rename, CancellationToken.None)).Errors.Keys);

        // Saving a company under its own name (another field changed) is not a duplicate.
        var self = ManagementCompanyInput.From((await service.GetAsync(other.Id, CancellationToken.None))!);
        self.Notes = "Prefers invoices by email.";
        Assert.True((await service.SaveAsync(self, CancellationToken.None)).Succeeded);

        var created = await service.SaveAsync(NewInput("Summit Residential"), CancellationToken.None);
        await using (var db = fx.Company(Charlotte, "walter"))
        {
            db.Remove(await db.ManagementCompanies.SingleAsync(m => m.Id == created.Id));
            await db.SaveChangesAsync();
        }
        Assert.True((await service.SaveAsync(NewInput("summit residential"), CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task A_stale_save_is_told_and_does_not_overwrite_the_first()
    {
        var (scope, service) = await AsAsync("walter");
        await using var _ = scope;
        var id = (await service.ListAsync("Greystar", CancellationToken.None)).Single().Id;
        var read = (await service.GetAsync(id, CancellationToken.None))!;

        var first = ManagementCompanyInput.From(read);
        first.Phone = "(704) 555-0111";
        var second = ManagementCompanyInput.From(read);
        second.Phone = "(704) 555-0122";
        var firstResult = await service.SaveAsync(first, CancellationToken.None);
        var secondResult = await service.SaveAsync(second, CancellationToken.None);

        Assert.True(firstResult.Succeeded, firstResult.Message);
        Assert.NotEqual(read.Version, firstResult.Version);
        Assert.Equal("Someone else changed this management company; reload to see their changes.", secondResult.Message);
        await using var db = fx.Company(Charlotte);
        Assert.Equal("(704) 555-0111", (await db.ManagementCompanies.SingleAsync(m => m.Id == id)).Phone);

        // Starting again from the saved version works.
        second.Version = firstResult.Version;
        Assert.True((await service.SaveAsync(second, CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task Moving_a_property_changes_its_management_company_and_is_audited_as_the_user()
    {
        var (scope, service) = await AsAsync("walter");
        await using var _ = scope;
        int customerId, fromId, toId;
        await using (var db = fx.Company(Charlotte))
        {
            var customer = await db.Customers.Where(c => c.ManagementCompanyId != null).OrderBy(c => c.Id).FirstAsync();
            customerId = customer.Id;
            fromId = customer.ManagementCompanyId!.Value;
            toId = await db.ManagementCompanies.Where(m => m.Id != fromId).OrderBy(m => m.Name).Select(m => m.Id).FirstAsync();
        }
        var fromCount = (await service.GetAsync(fromId, CancellationToken.None))!.Properties.Count;

        var moved = await service.SetPropertyManagementCompanyAsync(customerId, toId, CancellationToken.None);

        Assert.True(moved.Succeeded, moved.Message);
        await using (var db = fx.Company(Charlotte))
        {
            var customer = await db.Customers.SingleAsync(c => c.Id == customerId);
            Assert.Equal(toId, customer.ManagementCompanyId);
            Assert.Equal(moved.PropertyName, customer.PropertyName);
            var audit = await db.AuditLog.Where(a => a.TableName == "customers" && a.RowId == customerId).OrderBy(a => a.Id).LastAsync();
            Assert.Equal("update", audit.Operation);
            Assert.Equal("walter", audit.ChangedBy);
            using var newData = JsonDocument.Parse(audit.NewData!);
            using var oldData = JsonDocument.Parse(audit.OldData!);
            Assert.Equal(toId, newData.RootElement.GetProperty("management_company_id").GetInt32());
            Assert.Equal(fromId, oldData.RootElement.GetProperty("management_company_id").GetInt32());
        }
        Assert.Equal(fromCount - 1, (await service.GetAsync(fromId, CancellationToken.None))!.Properties.Count);
        Assert.Contains((await service.GetAsync(toId, CancellationToken.None))!.Properties, p => p.CustomerId == customerId);

        var none = await service.SetPropertyManagementCompanyAsync(customerId, null, CancellationToken.None);
        Assert.True(none.Succeeded, none.Message);
        Assert.Null(none.ManagementCompanyName);
        await using (var db = fx.Company(Charlotte))
            Assert.Null((await db.Customers.SingleAsync(c => c.Id == customerId)).ManagementCompanyId);
    }

    [Fact]
    public async Task Moving_to_or_from_something_that_does_not_exist_says_so_and_changes_nothing()
    {
        var (scope, service) = await AsAsync("walter");
        await using var _ = scope;
        Customer customer;
        await using (var db = fx.Company(Charlotte))
            customer = await db.Customers.AsNoTracking().Where(c => c.ManagementCompanyId != null).OrderBy(c => c.Id).FirstAsync();
        var auditBefore = await AuditCountAsync();

        var noCompany = await service.SetPropertyManagementCompanyAsync(customer.Id, 999_999, CancellationToken.None);
        var noProperty = await service.SetPropertyManagementCompanyAsync(999_999, customer.ManagementCompanyId, CancellationToken.None);

        Assert.Equal(PropertyMoveResult.ManagementCompanyNotFoundMessage, noCompany.Message);
        Assert.Equal(PropertyMoveResult.PropertyNotFoundMessage, noProperty.Message);
        await using (var db = fx.Company(Charlotte))
            Assert.Equal(customer.ManagementCompanyId, (await db.Customers.SingleAsync(c => c.Id == customer.Id)).ManagementCompanyId);
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task The_property_picker_finds_properties_not_already_under_the_management_company()
    {
        var (scope, service) = await AsAsync("walter");
        await using var _ = scope;
        var greystar = (await service.ListAsync("Greystar", CancellationToken.None)).Single().Id;
        var mine = (await service.GetAsync(greystar, CancellationToken.None))!.Properties.Select(p => p.CustomerId).ToHashSet();

        var options = await service.SearchPropertiesAsync(null, greystar, 100, CancellationToken.None);
        var lookup = await service.LookupAsync("grey", greystar, 20, CancellationToken.None);

        Assert.Equal(100, options.Count);
        Assert.DoesNotContain(options, o => mine.Contains(o.CustomerId));
        Assert.Empty(lookup);
    }

    [Fact]
    public async Task A_salesperson_can_read_but_not_change_management_companies()
    {
        var (scope, service) = await AsAsync("chriso");
        await using var _ = scope;
        var rows = await service.ListAsync(null, CancellationToken.None);
        var details = await service.GetAsync(rows[0].Id, CancellationToken.None);
        var auditBefore = await AuditCountAsync();

        Assert.NotEmpty(rows);
        Assert.NotNull(details);
        Assert.False(await service.CanEditAsync(CancellationToken.None));
        var denied = await Assert.ThrowsAsync<PermissionDeniedException>(() => service.SaveAsync(NewInput("Sneaky Management"), CancellationToken.None));
        Assert.Equal(Permission.EditCustomers, denied.Permission);
        await Assert.ThrowsAsync<PermissionDeniedException>(() => service.SaveAsync(ManagementCompanyInput.From(details), CancellationToken.None));
        var propertyId = rows.First(r => r.PropertyCount > 0).Id;
        var customerId = (await service.GetAsync(propertyId, CancellationToken.None))!.Properties[0].CustomerId;
        await Assert.ThrowsAsync<PermissionDeniedException>(() => service.SetPropertyManagementCompanyAsync(customerId, null, CancellationToken.None));
        Assert.Equal(auditBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task A_cts_manager_is_refused_kleanit_charlotte_management_companies()
    {
        var (scope, service) = await AsAsync("patrick", Charlotte);
        await using var _ = scope;
        int id, customerId;
        await using (var db = fx.Company(Charlotte))
        {
            var customer = await db.Customers.Where(c => c.ManagementCompanyId != null).OrderBy(c => c.Id).FirstAsync();
            customerId = customer.Id;
            id = customer.ManagementCompanyId!.Value;
        }
        var auditBefore = await AuditCountAsync();

        var list = await Assert.ThrowsAsync<PermissionDeniedException>(() => service.ListAsync(null, CancellationToken.None));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => service.GetAsync(id, CancellationToken.None));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => service.SaveAsync(NewInput("Raleigh Takeover"), CancellationToken.None));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => service.SetPropertyManagementCompanyAsync(customerId, null, CancellationToken.None));

        Assert.Equal(Charlotte, list.Company);
        Assert.False(await service.CanEditAsync(CancellationToken.None));
        Assert.Equal(auditBefore, await AuditCountAsync());
    }
}

/// <summary>The pages themselves (bUnit, real data): links carry the company, buttons follow permissions, dialogs save.</summary>
/// <remarks>
/// The shared ComponentTestContext fixes its services in its constructor, so this repeats its set-up with the
/// management company service added.
/// </remarks>
[Collection(DatabaseCollection.Name)]
public sealed class ManagementCompanyPageTests : BunitContext, IAsyncLifetime
{
    private const string Charlotte = "kleanit_charlotte";

    private readonly DataFixture _fx;
    private readonly BunitAuthorizationContext _auth;

    public ManagementCompanyPageTests(DataFixture fx)
    {
        _fx = fx;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        Services.AddMudServices();
        Services.AddFieldKitData(TestConfiguration.Build());
        Services.AddAccountServices();
        Services.AddScoped<CurrentCompany>();
        Services.AddScoped<CompanyDb>();
        Services.AddSingleton<CompanyAvailability>();
        Services.AddScoped<ManagementCompanyService>();
        _auth = AddAuthorization();
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public Task InitializeAsync() => _fx.ResetToDemoAsync();

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private async Task SignInAsAsync(string username)
    {
        var principal = await TestSessions.PrincipalForAsync(_fx, username);
        _auth.SetAuthorized(username);
        _auth.SetClaims([.. principal.Claims.Where(c => c.Type != ClaimTypes.Name)]);
    }

    private IRenderedComponent<IComponent> RenderPage<TPage>(int? id = null) where TPage : IComponent
    {
        Services.GetRequiredService<CurrentCompany>().Set(_fx.Catalogue.Get(Charlotte));
        return Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudDialogProvider>(1);
            b.CloseComponent();
            b.OpenComponent<MudSnackbarProvider>(2);
            b.CloseComponent();
            b.OpenComponent<TPage>(3);
            b.AddAttribute(4, "Company", Charlotte);
            if (id is { } value) b.AddAttribute(5, "Id", value);
            b.CloseComponent();
        });
    }

    private async Task<int> GreystarIdAsync()
    {
        await using var db = _fx.Company(Charlotte);
        return await db.ManagementCompanies.Where(m => m.Name == "Greystar").Select(m => m.Id).SingleAsync();
    }

    [Fact]
    public async Task The_list_links_each_row_to_its_page_in_the_same_company()
    {
        await SignInAsAsync("walter");
        var greystar = await GreystarIdAsync();

        var page = RenderPage<ManagementCompaniesPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=management-company-link]")));
        var link = page.FindAll("[data-testid=management-company-link]").Single(a => a.TextContent.Trim() == "Greystar");
        Assert.Equal($"/{Charlotte}/management-companies/{greystar}", link.GetAttribute("href"));
        Assert.Single(page.FindAll("[data-testid=new-management-company]"));
    }

    [Fact]
    public async Task A_salesperson_sees_the_list_and_the_page_without_edit_actions()
    {
        await SignInAsAsync("chriso");
        var greystar = await GreystarIdAsync();

        var list = RenderPage<ManagementCompaniesPage>();
        list.WaitForAssertion(() => Assert.NotEmpty(list.FindAll("[data-testid=management-company-link]")));
        Assert.Empty(list.FindAll("[data-testid=new-management-company]"));
        await DisposeComponentsAsync();

        var details = RenderPage<ManagementCompanyPage>(greystar);
        details.WaitForAssertion(() => Assert.NotEmpty(details.FindAll("[data-testid=property-link]")));
        Assert.Empty(details.FindAll("[data-testid=edit-management-company]"));
        Assert.Empty(details.FindAll("[data-testid=move-property]"));
        Assert.Empty(details.FindAll("[data-testid=add-property]"));
    }

    [Fact]
    public async Task The_edit_form_shows_the_servers_field_errors_next_to_the_fields()
    {
        await SignInAsAsync("walter");
        var greystar = await GreystarIdAsync();
        var page = RenderPage<ManagementCompanyPage>(greystar);
        page.WaitForElement("[data-testid=edit-management-company]").Click();

        page.WaitForElement("[data-testid=management-company-editor]");
        page.Find("[data-testid=management-company-editor] input[data-testid=management-company-phone]").Change("555-01");
        page.Find("[data-testid=save-management-company]").Click();

        page.WaitForAssertion(() => Assert.Contains("Enter a 10-digit US phone number", page.Find("[data-testid=management-company-editor]").TextContent));
        await using var db = _fx.Company(Charlotte);
        Assert.NotEqual("555-01", (await db.ManagementCompanies.SingleAsync(m => m.Id == greystar)).Phone);
    }

    [Fact]
    public async Task Move_to_picks_a_management_company_by_typing_and_moves_the_property()
    {
        await SignInAsAsync("walter");
        var greystar = await GreystarIdAsync();
        var page = RenderPage<ManagementCompanyPage>(greystar);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=property-row]")));
        var first = page.FindAll("[data-testid=property-row]")[0];
        var customerId = int.Parse(first.GetAttribute("data-id")!);
        Assert.Equal($"/{Charlotte}/customers/{customerId}", first.QuerySelector("a")!.GetAttribute("href"));

        page.FindAll("[data-testid=move-property]")[0].Click();
        page.WaitForElement("[data-testid=move-property-dialog] input").Input("cortl");
        page.WaitForAssertion(() => Assert.Contains(page.FindAll(".mud-popover-open .mud-list-item"), i => i.TextContent.Contains("Cortland")),
            TimeSpan.FromSeconds(5));
        page.FindAll(".mud-popover-open .mud-list-item").First(i => i.TextContent.Contains("Cortland")).Click();
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=confirm-move]").HasAttribute("disabled")));
        page.Find("[data-testid=confirm-move]").Click();

        page.WaitForAssertion(() => Assert.DoesNotContain(page.FindAll("[data-testid=property-row]"),
            r => r.GetAttribute("data-id") == customerId.ToString()), TimeSpan.FromSeconds(5));
        Assert.Contains("Moved", page.Markup);
        await using var db = _fx.Company(Charlotte);
        var customer = await db.Customers.Include(c => c.ManagementCompany).SingleAsync(c => c.Id == customerId);
        Assert.Equal("Cortland", customer.ManagementCompany!.Name);
        Assert.Equal("walter", customer.UpdatedBy);
    }
}
