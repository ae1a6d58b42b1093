using FieldKit.Domain.Approvals;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Approvals;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FieldKit.Tests.Approvals;

[Collection(DatabaseCollection.Name)]
public sealed class ApprovalServiceTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    private const string Company = "kleanit_charlotte";
    private int _oakwoodId, _tomId;

    public async Task InitializeAsync()
    {
        await fx.ResetAsync();
        await using var db = fx.Company(Company, "seed");
        var oakwood = new Customer { PropertyName = "Oakwood Apartments", Address = "1200 Oakwood Street", City = "Charlotte", State = "NC", Zip = "28202", Phone = "(704) 555-0101" };
        oakwood.Contacts.Add(new CustomerContact { FirstName = "Tom", LastName = "Davis", Email = "tom.davis@oakwood.example", MobilePhone = "(980) 555-0177", IsPrimary = true });
        db.Customers.Add(oakwood);
        await db.SaveChangesAsync();
        _oakwoodId = oakwood.Id;
        _tomId = oakwood.Contacts.Single().Id;
        await fx.SeedDemoUsersAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(AsyncServiceScope Scope, ApprovalService Service)> AsAsync(string user, string company = Company)
    {
        var scope = await app.ForUserAsync(fx, user);
        scope.ServiceProvider.GetRequiredService<CurrentCompany>().Set(fx.Catalogue.Get(company));
        return (scope, scope.ServiceProvider.GetRequiredService<ApprovalService>());
    }

    private async Task<CustomerInput> OakwoodAsync()
    {
        await using var db = fx.Company(Company, "test");
        return CustomerInput.From(await db.Customers.AsNoTracking().SingleAsync(c => c.Id == _oakwoodId));
    }

    private async Task<int> SuggestPhoneAsync(string phone, string user = "chriso")
    {
        var (scope, approvals) = await AsAsync(user);
        await using var _ = scope;
        var proposed = await OakwoodAsync();
        proposed.Phone = phone;
        var result = await approvals.SubmitCustomerChangeAsync(proposed, "Called the office, new number");
        Assert.True(result.Succeeded, result.Message);
        return result.Id!.Value;
    }

    [Fact]
    public async Task A_suggested_phone_waits_in_the_queue_then_approval_applies_it()
    {
        var id = await SuggestPhoneAsync("704.555.0199");
        Assert.Equal("(704) 555-0101", (await OakwoodAsync()).Phone);   // nothing applied yet

        var (scope, approvals) = await AsAsync("walter");
        await using var _ = scope;
        var pending = await approvals.ListAsync(new ApprovalQuery());
        var row = Assert.Single(pending);
        Assert.Equal(("update_customer", "Update Oakwood Apartments phone number", "chriso"), (row.Type, row.Summary, row.SubmittedBy));
        var review = await approvals.ReviewAsync(id);
        var diff = Assert.Single(review!.Diff);
        Assert.Equal(("Phone number", "(704) 555-0101", "(704) 555-0199"), (diff.Label, diff.Now, diff.Proposed));
        Assert.False(review.ChangedSinceSubmitted);

        var outcome = await approvals.ApproveAsync(id);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("(704) 555-0199", (await OakwoodAsync()).Phone);
        Assert.Empty(await approvals.ListAsync(new ApprovalQuery()));
        var decided = Assert.Single(await approvals.ListAsync(new ApprovalQuery { Decided = true }));
        Assert.Equal((ApprovalStatus.Approved, "walter"), (decided.Status, decided.DecidedBy));
        Assert.Equal(0, await approvals.PendingCountAsync());
    }

    [Fact]
    public async Task Bad_values_are_refused_at_submission_and_nothing_is_queued()
    {
        var (scope, approvals) = await AsAsync("chriso");
        await using var _ = scope;
        var proposed = await OakwoodAsync();
        proposed.Phone = "555";
        proposed.Zip = "2820";
        var bad = await approvals.SubmitCustomerChangeAsync(proposed, null);
        Assert.Equal(["Phone", "Zip"], bad.Errors.Keys.Order());

        var unchanged = await approvals.SubmitCustomerChangeAsync(await OakwoodAsync(), null);
        Assert.Equal("Nothing was changed: edit a field before sending.", unchanged.Message);

        var contact = await approvals.SubmitContactAsync(new ContactInput { CustomerId = _oakwoodId, FirstName = "", Email = "nope" }, null);
        Assert.Equal(["Email", "FirstName"], contact.Errors.Keys.Order());

        await using var db = fx.Company(Company, "test");
        Assert.Equal(0, await db.ApprovalQueue.CountAsync());
    }

    [Fact]
    public async Task Add_contact_and_update_contact_apply_on_approval()
    {
        int addId, updateId;
        {
            var (scope, approvals) = await AsAsync("chriso");
            await using var _ = scope;
            var add = await approvals.SubmitContactAsync(new ContactInput
            {
                CustomerId = _oakwoodId, FirstName = "Ana", LastName = "Ruiz", Title = "Leasing Manager", OfficePhone = "7045550150", Email = "ana@oakwood.example",
            }, "Met her at the leasing office");
            var update = await approvals.SubmitContactAsync(new ContactInput
            {
                Id = _tomId, CustomerId = _oakwoodId, FirstName = "Tom", LastName = "Davis", Email = "tdavis@oakwood.example", MobilePhone = "(980) 555-0177", IsPrimary = true,
            }, null);
            Assert.True(add.Succeeded && update.Succeeded, add.Message + update.Message);
            (addId, updateId) = (add.Id!.Value, update.Id!.Value);
        }

        var (s2, manager) = await AsAsync("walter");
        await using var __ = s2;
        var rows = await manager.ListAsync(new ApprovalQuery());
        Assert.Equal(["Add contact \"Ana Ruiz\" to Oakwood Apartments customer record", "Update contact \"Tom Davis\" at Oakwood Apartments: email"],
            rows.Select(r => r.Summary));
        var updateDiff = Assert.Single((await manager.ReviewAsync(updateId))!.Diff);
        Assert.Equal(("tom.davis@oakwood.example", "tdavis@oakwood.example"), (updateDiff.Now, updateDiff.Proposed));

        var outcomes = await manager.ApproveManyAsync([addId, updateId]);

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Message));
        await using var db = fx.Company(Company, "test");
        var contacts = await db.CustomerContacts.AsNoTracking().Where(c => c.CustomerId == _oakwoodId).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(["Tom Davis", "Ana Ruiz"], contacts.Select(c => c.FullName));
        Assert.Equal("tdavis@oakwood.example", contacts[0].Email);
        Assert.Equal(("(704) 555-0150", "Leasing Manager", false), (contacts[1].OfficePhone, contacts[1].Title, contacts[1].IsPrimary));
        Assert.Equal("walter", contacts[1].CreatedBy);
    }

    [Fact]
    public async Task Converting_a_prospect_creates_the_customer_and_contacts_and_marks_it_won()
    {
        int prospectId;
        await using (var db = fx.Company(Company, "chriso"))
        {
            var prospect = new SalesProspect
            {
                PropertyName = "Cedar Ridge", Address = "88 Cedar Ridge Ln", City = "Concord", State = "nc", Zip = "28025",
                ManagementCompanyName = "Bell Partners", UnitCount = 240, OwnerUsername = "chriso", Status = ProspectStatus.Proposal,
            };
            db.SalesProspects.Add(prospect);
            await db.SaveChangesAsync();
            db.SalesContacts.AddRange(
                new SalesContact { ProspectId = prospect.Id, FirstName = "Rita", LastName = "Hale", Title = "Property Manager", Email = "rita@cedar.example", MobilePhone = "9805550111" },
                new SalesContact { ProspectId = prospect.Id, FirstName = "Sam", LastName = "Oyelaran", OfficePhone = "12" });
            await db.SaveChangesAsync();
            prospectId = prospect.Id;
        }
        var (s1, sales) = await AsAsync("chriso");
        await using (s1)
        {
            var submitted = await sales.SubmitProspectConversionAsync(prospectId, "Signed the proposal");
            Assert.True(submitted.Succeeded, submitted.Message);
            Assert.Equal("A conversion of this prospect is already waiting for approval.", (await sales.SubmitProspectConversionAsync(prospectId, null)).Message);
        }
        var (s2, manager) = await AsAsync("walter");
        await using var _ = s2;
        var item = Assert.Single(await manager.ListAsync(new ApprovalQuery { Type = ApprovalTypes.ConvertProspect }));
        Assert.Equal("Convert prospect Cedar Ridge to a customer", item.Summary);

        Assert.True((await manager.ApproveAsync(item.Id)).Succeeded);

        await using var check = fx.Company(Company, "test");
        var won = await check.SalesProspects.AsNoTracking().SingleAsync(p => p.Id == prospectId);
        Assert.Equal(ProspectStatus.Won, won.Status);
        var customer = await check.Customers.AsNoTracking().Include(c => c.ManagementCompany).Include(c => c.Contacts).SingleAsync(c => c.Id == won.ConvertedCustomerId);
        Assert.Equal(("Cedar Ridge", "NC", 240, "Bell Partners"), (customer.PropertyName, customer.State, customer.UnitCount, customer.ManagementCompany!.Name));
        Assert.Equal(["Rita Hale", "Sam Oyelaran"], customer.Contacts.OrderBy(c => c.Id).Select(c => c.FullName));
        Assert.Equal("(980) 555-0111", customer.Contacts.Single(c => c.IsPrimary).MobilePhone);
        Assert.Null(customer.Contacts.Single(c => c.FirstName == "Sam").OfficePhone);   // the malformed phone is left out
    }

    [Fact]
    public async Task A_contact_synced_from_another_company_is_added_to_the_same_property()
    {
        int sourceContactId;
        await using (var gg = fx.Company("getagrip", "seed"))
        {
            var twin = new Customer { PropertyName = "Oakwood Apartments", City = "Charlotte" };
            twin.Contacts.Add(new CustomerContact { FirstName = "Lena", LastName = "Park", Email = "lena@oakwood.example", OfficePhone = "(704) 555-0188" });
            gg.Customers.Add(twin);
            await gg.SaveChangesAsync();
            sourceContactId = twin.Contacts.Single().Id;
        }
        var (s1, sales) = await AsAsync("chriso");
        await using (s1)
            Assert.True((await sales.SubmitContactSyncAsync("getagrip", sourceContactId, _oakwoodId, null)).Succeeded);

        var (s2, manager) = await AsAsync("walter");
        await using var _ = s2;
        var item = Assert.Single(await manager.ListAsync(new ApprovalQuery()));
        Assert.Equal("Sync contact \"Lena Park\" to Oakwood Apartments from Get a Grip Charlotte", item.Summary);
        Assert.True((await manager.ApproveAsync(item.Id)).Succeeded);

        await using var db = fx.Company(Company, "test");
        var lena = await db.CustomerContacts.AsNoTracking().SingleAsync(c => c.LastName == "Park");
        Assert.Equal((_oakwoodId, "(704) 555-0188", false), (lena.CustomerId, lena.OfficePhone, lena.IsPrimary));
    }

    [Fact]
    public async Task Two_managers_approving_at_once_apply_it_once_and_the_other_is_told_who()
    {
        var (s1, sales) = await AsAsync("chriso");
        int id;
        await using (s1)
            id = (await sales.SubmitContactAsync(new ContactInput { CustomerId = _oakwoodId, FirstName = "Ana", LastName = "Ruiz" }, null)).Id!.Value;

        var (sw, walter) = await AsAsync("walter");
        var (sm, michele) = await AsAsync("michele");
        await using (sw)
        await using (sm)
        {
            var outcomes = await Task.WhenAll(walter.ApproveAsync(id), michele.ApproveAsync(id));

            var winner = Assert.Single(outcomes, o => o.Succeeded);
            var loser = Assert.Single(outcomes, o => !o.Succeeded);
            Assert.True(loser.AlreadyDecided);
            var winnerName = outcomes[0].Succeeded ? "walter" : "michele";
            Assert.StartsWith($"Already approved by {winnerName}", loser.Message);
        }
        await using var db = fx.Company(Company, "test");
        Assert.Equal(1, await db.CustomerContacts.CountAsync(c => c.FirstName == "Ana"));
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.TableName == "customer_contacts" && a.Operation == "insert" && a.ChangedBy != "seed"));
    }

    [Fact]
    public async Task A_target_changed_since_submission_needs_an_explicit_confirm()
    {
        var id = await SuggestPhoneAsync("(704) 555-0199");
        await using (var db = fx.Company(Company, "michele"))
        {
            var oakwood = await db.Customers.SingleAsync(c => c.Id == _oakwoodId);
            oakwood.Phone = "(704) 555-0150";
            await db.SaveChangesAsync();
        }
        var (scope, approvals) = await AsAsync("walter");
        await using var _ = scope;
        var review = await approvals.ReviewAsync(id);
        Assert.True(review!.ChangedSinceSubmitted);
        Assert.Equal(("(704) 555-0150", "(704) 555-0199", "(704) 555-0101"), (review.Diff[0].Now, review.Diff[0].Proposed, review.Diff[0].AtSubmission));

        var first = await approvals.ApproveAsync(id);
        Assert.True(first.NeedsConfirmation);
        Assert.Equal("(704) 555-0150", (await OakwoodAsync()).Phone);
        Assert.Single(await approvals.ListAsync(new ApprovalQuery()));   // still pending

        Assert.True((await approvals.ApproveAsync(id, confirmChanged: true)).Succeeded);
        Assert.Equal("(704) 555-0199", (await OakwoodAsync()).Phone);
    }

    [Fact]
    public async Task A_deleted_target_is_explained_and_the_item_can_be_rejected_with_a_reason()
    {
        var id = await SuggestPhoneAsync("(704) 555-0199");
        await using (var db = fx.Company(Company, "michele"))
        {
            db.Customers.Remove(await db.Customers.SingleAsync(c => c.Id == _oakwoodId));
            await db.SaveChangesAsync();
        }
        var (scope, approvals) = await AsAsync("walter");
        await using var _ = scope;
        Assert.Equal("The customer Oakwood Apartments has been deleted.", (await approvals.ReviewAsync(id))!.TargetGone);
        var approve = await approvals.ApproveAsync(id);
        Assert.False(approve.Succeeded);
        Assert.Contains("has been deleted", approve.Message);

        Assert.Equal("Give a reason for rejecting.", (await approvals.RejectAsync(id, "  ")).Message);
        Assert.True((await approvals.RejectAsync(id, "Property was sold")).Succeeded);
        var decided = Assert.Single(await approvals.ListAsync(new ApprovalQuery { Decided = true }));
        Assert.Equal((ApprovalStatus.Rejected, "Property was sold"), (decided.Status, decided.DecisionReason));
        Assert.StartsWith("Already rejected by walter", (await approvals.ApproveAsync(id)).Message);
    }

    [Fact]
    public async Task A_salesperson_cannot_decide_and_a_cts_manager_cannot_see_kleanit_charlotte_items()
    {
        var id = await SuggestPhoneAsync("(704) 555-0199");

        var (s1, sales) = await AsAsync("chriso");
        await using (s1)
        {
            await Assert.ThrowsAsync<PermissionDeniedException>(() => sales.ApproveAsync(id));
            await Assert.ThrowsAsync<PermissionDeniedException>(() => sales.ListAsync(new ApprovalQuery()));
            Assert.Equal(0, await sales.PendingCountAsync());
        }
        var (s2, patrick) = await AsAsync("patrick");
        await using (s2)
        {
            await Assert.ThrowsAsync<PermissionDeniedException>(() => patrick.ListAsync(new ApprovalQuery()));
            await Assert.ThrowsAsync<PermissionDeniedException>(() => patrick.ApproveAsync(id));
            await Assert.ThrowsAsync<PermissionDeniedException>(() => patrick.RejectAsync(id, "no"));
        }
        // In his own company the same id is another queue: nothing there.
        var (s3, patrickCts) = await AsAsync("patrick", "cts");
        await using (s3)
        {
            Assert.Empty(await patrickCts.ListAsync(new ApprovalQuery()));
            Assert.Equal("This request no longer exists.", (await patrickCts.ApproveAsync(id)).Message);
        }
        Assert.Equal("(704) 555-0101", (await OakwoodAsync()).Phone);
        var (s4, walter) = await AsAsync("walter");
        await using (s4)
            Assert.Equal(1, await walter.PendingCountAsync());
    }
}
