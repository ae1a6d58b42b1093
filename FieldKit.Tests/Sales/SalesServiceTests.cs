using FieldKit.Domain.Approvals;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Sales;
using FieldKit.Web.Features.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FieldKit.Tests.Sales;

[Collection(DatabaseCollection.Name)]
public sealed class SalesServiceTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    private const string Company = "kleanit_charlotte";
    private int _chrisProspect, _mikeyProspect, _customerId;

    public async Task InitializeAsync()
    {
        await fx.ResetAsync();
        await fx.SeedDemoUsersAsync();
        await using var db = fx.Company(Company, "seed");
        db.VisitTags.AddRange(
            new VisitTagConfig { Name = "Hot Lead", Color = "#D32F2F", SortOrder = 1 },
            new VisitTagConfig { Name = "Met PM", Color = "#1976D2", SortOrder = 2 },
            new VisitTagConfig { Name = "Retired", Color = "#616161", SortOrder = 3, IsActive = false });
        var chris = new SalesProspect { PropertyName = "Cedar Ridge", City = "Concord", OwnerUsername = "chriso", NextFollowUp = new DateOnly(2020, 1, 1) };
        var mikey = new SalesProspect { PropertyName = "Maple Court", City = "Matthews", OwnerUsername = "mikeyc" };
        var customer = new Customer { PropertyName = "Oakwood Apartments" };
        db.AddRange(chris, mikey, customer);
        await db.SaveChangesAsync();
        (_chrisProspect, _mikeyProspect, _customerId) = (chris.Id, mikey.Id, customer.Id);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(AsyncServiceScope Scope, T Service)> AsAsync<T>(string user, string company = Company) where T : notnull
    {
        var scope = await app.ForUserAsync(fx, user);
        scope.ServiceProvider.GetRequiredService<CurrentCompany>().Set(fx.Catalogue.Get(company));
        return (scope, scope.ServiceProvider.GetRequiredService<T>());
    }

    [Fact]
    public async Task A_salesperson_sees_and_manages_only_their_own_prospects_and_managers_see_all()
    {
        var (s1, chris) = await AsAsync<SalesService>("chriso");
        await using (s1)
        {
            Assert.Equal(["Cedar Ridge"], (await chris.ListProspectsAsync(new ProspectQuery())).Select(r => r.PropertyName));
            Assert.Equal(["Cedar Ridge"], (await chris.ListProspectsAsync(new ProspectQuery { Owner = "mikeyc" })).Select(r => r.PropertyName));
            await Assert.ThrowsAsync<PermissionDeniedException>(() => chris.GetProspectAsync(_mikeyProspect));
            await Assert.ThrowsAsync<PermissionDeniedException>(() => chris.LogVisitAsync(new VisitInput { ProspectId = _mikeyProspect }));
            var reassign = await chris.SaveProspectAsync(new ProspectInput { PropertyName = "Birch Hollow", OwnerUsername = "mikeyc" });
            Assert.Equal(["OwnerUsername"], reassign.Errors.Keys);
        }
        var (s2, walter) = await AsAsync<SalesService>("walter");
        await using (s2)
        {
            Assert.Equal(["Cedar Ridge", "Maple Court"], (await walter.ListProspectsAsync(new ProspectQuery())).Select(r => r.PropertyName).Order());
            Assert.Equal(["Maple Court"], (await walter.ListProspectsAsync(new ProspectQuery { Owner = "mikeyc" })).Select(r => r.PropertyName));
            Assert.NotNull(await walter.GetProspectAsync(_mikeyProspect));
        }
        var (s3, patrick) = await AsAsync<SalesService>("patrick");
        await using (s3)
            await Assert.ThrowsAsync<PermissionDeniedException>(() => patrick.ListProspectsAsync(new ProspectQuery()));
    }

    [Fact]
    public async Task A_visit_checks_tags_and_contacts_moves_the_prospect_on_and_sets_its_follow_up()
    {
        var (scope, chris) = await AsAsync<SalesService>("chriso");
        await using var _ = scope;
        var rita = await chris.SaveContactAsync(new SalesContactInput { ProspectId = _chrisProspect, FirstName = "Rita", LastName = "Hale", MobilePhone = "9805550111" });
        Assert.True(rita.Succeeded);

        var bad = await chris.LogVisitAsync(new VisitInput { ProspectId = _chrisProspect, Tags = ["Retired", "Nope"] });
        Assert.Equal("Unknown tag: Retired, Nope.", bad.Errors["Tags"]);
        var wrongContact = await chris.LogVisitAsync(new VisitInput { ProspectId = _chrisProspect, ContactIds = [rita.Id!.Value + 1000] });
        Assert.Equal(["ContactIds"], wrongContact.Errors.Keys);

        var followUp = chris.Today().AddDays(7);
        var ok = await chris.LogVisitAsync(new VisitInput
        {
            ProspectId = _chrisProspect, Tags = ["Hot Lead", "Met PM"], Notes = "Wants a quote", ContactIds = [rita.Id!.Value], FollowUpDate = followUp,
        });
        Assert.True(ok.Succeeded, ok.Message);

        var details = await chris.GetProspectAsync(_chrisProspect);
        Assert.Equal(ProspectStatus.Contacted, details!.Prospect.Status);
        Assert.Equal(followUp, details.Prospect.NextFollowUp);
        var visit = Assert.Single(details.Visits);
        Assert.Equal(["Hot Lead", "Met PM"], visit.Tags);
        Assert.Equal(["Rita Hale"], visit.ContactsMet);
        Assert.Equal(("Wants a quote", "chriso"), (visit.Notes, visit.Salesperson));
        Assert.Equal(["Cedar Ridge"], (await chris.ListProspectsAsync(new ProspectQuery { Tag = "Hot Lead" })).Select(r => r.PropertyName));
        Assert.Empty(await chris.ListProspectsAsync(new ProspectQuery { FollowUpDue = true }));
    }

    [Fact]
    public async Task A_visit_without_a_follow_up_clears_the_one_that_was_due()
    {
        var (scope, chris) = await AsAsync<SalesService>("chriso");
        await using var _ = scope;
        Assert.Equal(["Cedar Ridge"], (await chris.ListProspectsAsync(new ProspectQuery { FollowUpDue = true })).Select(r => r.PropertyName));

        Assert.True((await chris.LogVisitAsync(new VisitInput { ProspectId = _chrisProspect })).Succeeded);

        Assert.Null((await chris.GetProspectAsync(_chrisProspect))!.Prospect.NextFollowUp);
        var past = await chris.LogVisitAsync(new VisitInput { ProspectId = _chrisProspect, FollowUpDate = chris.Today().AddDays(-3) });
        Assert.Equal(["FollowUpDate"], past.Errors.Keys);
    }

    [Fact]
    public async Task A_contact_met_at_a_customer_is_submitted_to_its_record_through_the_approval_queue()
    {
        var (scope, chris) = await AsAsync<SalesService>("chriso");
        await using var _ = scope;
        var lena = await chris.SaveContactAsync(new SalesContactInput { CustomerId = _customerId, FirstName = "Lena", LastName = "Park", Email = "lena@oakwood.example" });
        Assert.True((await chris.LogVisitAsync(new VisitInput { CustomerId = _customerId, Tags = ["Met PM"], ContactIds = [lena.Id!.Value] })).Succeeded);
        Assert.Equal(["Lena Park"], Assert.Single(await chris.VisitsForCustomerAsync(_customerId)).ContactsMet);

        var sent = await chris.SubmitContactToCustomerAsync(lena.Id!.Value);

        Assert.True(sent.Succeeded, sent.Message);
        await using var db = fx.Company(Company);
        var item = await db.ApprovalQueue.AsNoTracking().SingleAsync();
        Assert.Equal((ApprovalTypes.AddContact, "Lena Park", "chriso", ApprovalStatus.Pending), (item.RequestType, item.ContactName, item.SubmittedBy, item.Status));
        Assert.Equal(0, await db.CustomerContacts.CountAsync());
    }

    [Fact]
    public async Task Global_search_finds_a_salespersons_own_prospects_only()
    {
        var (s1, chris) = await AsAsync<GlobalSearchService>("chriso");
        await using (s1)
        {
            Assert.Contains(await chris.SearchAsync("cedar"), h => h.Kind == SearchKind.Prospect && h.Href == $"/{Company}/sales/prospects/{_chrisProspect}");
            Assert.DoesNotContain(await chris.SearchAsync("maple"), h => h.Kind == SearchKind.Prospect);
        }
        var (s2, walter) = await AsAsync<GlobalSearchService>("walter");
        await using (s2)
            Assert.Contains(await walter.SearchAsync("maple"), h => h.Kind == SearchKind.Prospect);
    }

    [Fact]
    public async Task The_sales_home_lists_overdue_follow_ups_and_hot_leads_with_their_company()
    {
        await using (var gg = fx.Company("getagrip", "seed"))
        {
            gg.SalesProspects.Add(new SalesProspect { PropertyName = "Elm Park", OwnerUsername = "chriso", NextFollowUp = new DateOnly(2020, 6, 1) });
            await gg.SaveChangesAsync();
        }
        var (s1, sales) = await AsAsync<SalesService>("chriso");
        await using (s1)
            Assert.True((await sales.LogVisitAsync(new VisitInput { ProspectId = _chrisProspect, Tags = ["Hot Lead"], FollowUpDate = sales.Today() })).Succeeded);

        var (s2, home) = await AsAsync<SalesHomeService>("chriso");
        await using var _ = s2;
        var result = await home.LoadAsync();

        Assert.Equal([("getagrip", "Elm Park"), (Company, "Cedar Ridge")], result.FollowUps.Select(r => (r.Company, r.Title)));
        Assert.Equal("Overdue since 6/1", result.FollowUps[0].Detail);
        Assert.Equal("Due today", result.FollowUps[1].Detail);
        Assert.Equal([(Company, "Cedar Ridge")], result.HotLeads.Select(r => (r.Company, r.Title)));
        Assert.Equal(fx.Catalogue.Get("getagrip").PrimaryColor, result.FollowUps[0].Color);
        Assert.Equal(["Cedar Ridge"], result.RecentVisits.Select(r => r.Title));
        Assert.Empty(result.UnreachableCompanies);
    }

    [Fact]
    public async Task Visit_tags_are_kept_by_managers_and_refused_to_salespeople()
    {
        var (s1, walter) = await AsAsync<VisitTagService>("walter");
        await using (s1)
        {
            Assert.Equal(["Name"], (await walter.SaveAsync(new VisitTagInput { Name = "hot lead", Color = "#000000" })).Errors.Keys);
            Assert.Equal(["Color"], (await walter.SaveAsync(new VisitTagInput { Name = "Signed", Color = "red" })).Errors.Keys);
            Assert.True((await walter.SaveAsync(new VisitTagInput { Name = "Signed", Color = "#2e7d32", SortOrder = 4 })).Succeeded);
        }
        var (s2, chris) = await AsAsync<VisitTagService>("chriso");
        await using (s2)
            await Assert.ThrowsAsync<PermissionDeniedException>(() => chris.SaveAsync(new VisitTagInput { Name = "Mine", Color = "#000000" }));
        var (s3, sales) = await AsAsync<SalesService>("chriso");
        await using (s3)
            Assert.Equal(["Hot Lead", "Met PM", "Signed"], (await sales.ActiveTagsAsync()).Select(t => t.Name));
    }
}
