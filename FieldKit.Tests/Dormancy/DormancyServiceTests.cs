using FieldKit.Domain.Entities;
using FieldKit.Domain.Sales;
using FieldKit.Domain.Security;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Dormancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FieldKit.Tests.Dormancy.DormancyTestData;

namespace FieldKit.Tests.Dormancy;

/// <summary>DormancyService as the screens use it: permissions per company, notes, convert to prospect, settings.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class DormancyServiceTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2027, 3, 10);
    private int _oakwoodId;
    private int _oakwoodAlert;

    public async Task InitializeAsync()
    {
        await fx.ResetAsync();
        await fx.SeedDemoUsersAsync();
        await ConfigAsync(fx, 3);
        await using (var db = fx.Company(Company, "seed"))
        {
            var oakwood = new Customer
            {
                PropertyName = "Oakwood Apartments", Address = "1200 Oakwood Street", City = "Charlotte", State = "NC", Zip = "28202",
                UnitCount = 312, ManagementCompany = new ManagementCompany { Name = "Greystar" },
            };
            db.Customers.Add(oakwood);
            await db.SaveChangesAsync();
            _oakwoodId = oakwood.Id;
        }
        await JobAsync(fx, _oakwoodId, Today.AddDays(-35));
        var cts = await CustomerAsync(fx, "Raleigh Pines", company: "cts");
        await JobAsync(fx, cts, Today.AddDays(-60), company: "cts");
        foreach (var company in new[] { Company, "cts" })
        {
            await using var db = fx.Company(company, DormancyWorker.Actor);
            await DormancyScan.RunAsync(db, fx.Catalogue.Get(company), Today, DateTimeOffset.UtcNow, CancellationToken.None);
        }
        _oakwoodAlert = (await AlertsAsync(fx)).Single().Id;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(AsyncServiceScope Scope, DormancyService Service)> AsAsync(string user, string company = Company)
    {
        var scope = await app.ForUserAsync(fx, user);
        scope.ServiceProvider.GetRequiredService<CurrentCompany>().Set(fx.Catalogue.Get(company));
        return (scope, scope.ServiceProvider.GetRequiredService<DormancyService>());
    }

    [Fact]
    public async Task A_salesperson_cannot_read_or_edit_the_settings_a_manager_can()
    {
        var (scope, asChris) = await AsAsync("chriso");
        await using (scope)
        {
            await Assert.ThrowsAsync<PermissionDeniedException>(() => asChris.SaveConfigAsync(new DormancyConfigInput { Weeks = 9, IsActive = true }));
            await Assert.ThrowsAsync<PermissionDeniedException>(() => asChris.GetConfigAsync());
            await Assert.ThrowsAsync<PermissionDeniedException>(() => asChris.ScanNowAsync());
        }

        var (scope2, asWalter) = await AsAsync("walter");
        await using (scope2)
        {
            var view = await asWalter.GetConfigAsync();
            Assert.Equal((3, true, 3), (view.Weeks, view.IsActive, view.DefaultWeeks));
            var bad = await asWalter.SaveConfigAsync(new DormancyConfigInput { Weeks = 0, IsActive = true, Version = view.Version });
            Assert.Contains(nameof(DormancyConfigInput.Weeks), bad.Errors.Keys);
            var ok = await asWalter.SaveConfigAsync(new DormancyConfigInput { Weeks = 5, IsActive = false, Version = view.Version });
            Assert.True(ok.Succeeded);
            var stale = await asWalter.SaveConfigAsync(new DormancyConfigInput { Weeks = 6, IsActive = true, Version = view.Version });
            Assert.False(stale.Succeeded);
            Assert.Contains("walter changed these settings", stale.Message);
        }
        await using var db = fx.Company(Company);
        var row = await db.DormancyAlertConfigs.SingleAsync();
        Assert.Equal((5, false, "walter"), (row.Weeks, row.IsActive, row.UpdatedBy));
        // Patrick manages CTS only: Kleanit Charlotte's settings are not his.
        var (scope3, asPatrick) = await AsAsync("patrick");
        await using (scope3)
            await Assert.ThrowsAsync<PermissionDeniedException>(() => asPatrick.GetConfigAsync());
    }

    [Fact]
    public async Task A_cts_manager_cannot_see_kleanit_charlotte_alerts()
    {
        var (scope, asPatrick) = await AsAsync("patrick");
        await using (scope)
            await Assert.ThrowsAsync<PermissionDeniedException>(() => asPatrick.ListAsync(new DormancyAlertQuery()));

        var (scope2, inCts) = await AsAsync("patrick", "cts");
        await using (scope2)
        {
            var all = await inCts.ListAsync(new DormancyAlertQuery { AllCompanies = true });
            Assert.Equal(["Raleigh Pines"], all.Select(r => r.PropertyName));
            Assert.All(all, r => Assert.Equal("cts", r.Company));
            await Assert.ThrowsAsync<PermissionDeniedException>(() => inCts.LogNoteAsync(_oakwoodAlert, new DormancyNoteInput { Reason = DormancyReason.Price }, Company));
        }

        // Chris O sells for all four: his cross-company list has both, each with its company's colour.
        var (scope3, asChris) = await AsAsync("chriso");
        await using (scope3)
        {
            var all = await asChris.ListAsync(new DormancyAlertQuery { AllCompanies = true });
            // Longest quiet first, whichever company: Raleigh Pines (60 days) before Oakwood (35).
            Assert.Equal(["cts", "kleanit_charlotte"], all.Select(r => r.Company));
            Assert.Equal(["#2C2C2C", "#0052CC"], all.Select(r => r.CompanyColor));
        }
    }

    [Fact]
    public async Task List_shows_headline_last_job_weeks_quiet_and_filters()
    {
        var (scope, service) = await AsAsync("chriso");
        await using var _ = scope;
        var row = Assert.Single(await service.ListAsync(new DormancyAlertQuery()));
        var today = service.Today();
        Assert.Equal(Today.AddDays(-35), row.LastJobDate);
        Assert.Equal(DormancyRules.WeeksQuiet(row.LastJobDate, today), row.WeeksQuiet);
        Assert.Equal($"Oakwood Apartments — No jobs scheduled in {row.WeeksQuiet} weeks", row.Headline);

        Assert.Single(await service.ListAsync(new DormancyAlertQuery { Search = "oakw", Reason = DormancyAlertQuery.NoNotes, Converted = false }));
        Assert.Empty(await service.ListAsync(new DormancyAlertQuery { Search = "nowhere" }));
        Assert.Empty(await service.ListAsync(new DormancyAlertQuery { Reason = nameof(DormancyReason.Price) }));
        Assert.Empty(await service.ListAsync(new DormancyAlertQuery { Converted = true }));
    }

    [Fact]
    public async Task Salesperson_logs_notes_with_a_reason_and_the_alert_shows_the_latest()
    {
        var (scope, service) = await AsAsync("chriso");
        await using var _ = scope;

        var missing = await service.LogNoteAsync(_oakwoodAlert, new DormancyNoteInput { Text = "Talked to Tom" });
        Assert.Contains(nameof(DormancyNoteInput.Reason), missing.Errors.Keys);
        var other = await service.LogNoteAsync(_oakwoodAlert, new DormancyNoteInput { Reason = DormancyReason.Other });
        Assert.Contains(nameof(DormancyNoteInput.Text), other.Errors.Keys);

        Assert.True((await service.LogNoteAsync(_oakwoodAlert, new DormancyNoteInput { Reason = DormancyReason.Price, Text = "  Cheaper quote from ServPro " })).Succeeded);
        Assert.True((await service.LogNoteAsync(_oakwoodAlert, new DormancyNoteInput { Reason = DormancyReason.SwitchedVendor, Text = "Signed with ServPro" })).Succeeded);

        var notes = await service.NotesAsync(_oakwoodAlert);
        Assert.Equal(["Switched vendor", "Price"], notes.Select(n => n.ReasonLabel));
        Assert.Equal("Cheaper quote from ServPro", notes[1].Text);
        Assert.All(notes, n => Assert.Equal(("chriso", "Chris O"), (n.AuthorUsername, n.AuthorName)));
        var row = Assert.Single(await service.ListAsync(new DormancyAlertQuery { Reason = nameof(DormancyReason.SwitchedVendor) }));
        Assert.Equal(("Switched vendor", "Signed with ServPro", 2), (row.ReasonLabel, row.LatestNote, row.NoteCount));
    }

    [Fact]
    public async Task Convert_to_prospect_copies_the_property_and_belongs_to_the_salesperson()
    {
        var (scope, service) = await AsAsync("chriso");
        await using var _ = scope;

        var first = await service.ConvertToProspectAsync(_oakwoodAlert);
        var again = await service.ConvertToProspectAsync(_oakwoodAlert);

        Assert.True(first.Succeeded);
        Assert.Equal(first.Id, again.Id);
        await using var db = fx.Company(Company);
        var prospect = await db.SalesProspects.SingleAsync();
        Assert.Equal(first.Id, prospect.Id);
        Assert.Equal(ProspectStatus.DormantCustomer, prospect.Status);
        Assert.Equal(_oakwoodId, prospect.DormantFromCustomerId);
        Assert.Equal("chriso", prospect.OwnerUsername);
        Assert.Equal(("Oakwood Apartments", "1200 Oakwood Street", "Charlotte", "NC", "28202", "Greystar", 312),
            (prospect.PropertyName, prospect.Address, prospect.City, prospect.State, prospect.Zip, prospect.ManagementCompanyName, prospect.UnitCount));
        var alert = (await AlertsAsync(fx)).Single();
        Assert.Equal(prospect.Id, alert.ProspectId);
        Assert.Null(alert.ResolvedAt);   // still dormant until work is scheduled
        Assert.Single(await service.ListAsync(new DormancyAlertQuery { Converted = true }));
    }

    [Fact]
    public async Task Office_staff_do_not_work_dormant_customers()
    {
        await using (var core = fx.Core("seed"))
        {
            var user = new User { Username = "olivia", DisplayName = "Olivia", Email = "olivia@fieldkit.local", PasswordHash = "x" };
            user.Roles.Add(new UserCompanyRole { CompanyCode = Company, Role = Role.Office });
            core.Users.Add(user);
            await core.SaveChangesAsync();
        }
        var (scope, service) = await AsAsync("olivia");
        await using var _ = scope;
        await Assert.ThrowsAsync<PermissionDeniedException>(() => service.ListAsync(new DormancyAlertQuery()));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => service.ConvertToProspectAsync(_oakwoodAlert));
        Assert.Equal(0, await service.OpenCountAsync());
    }
}
