using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Dormancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static FieldKit.Tests.Dormancy.DormancyTestData;

namespace FieldKit.Tests.Dormancy;

/// <summary>The Monday report: who gets it, what it says, and exactly once (two runs at once, a restart later in the week).</summary>
[Collection(DatabaseCollection.Name)]
public sealed class DormancyWeeklyReportTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    // Monday March 15, 2027 (the first Monday after the spring DST change); the report covers March 8–14.
    private static readonly DateOnly Monday = new(2027, 3, 15);
    private static readonly DateTimeOffset MondayAt8 = new(2027, 3, 15, 12, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        await fx.ResetAsync();
        await fx.SeedDemoUsersAsync();
        var oakwood = await AlertWithCustomerAsync("Oakwood Apartments", Company);
        var pines = await AlertWithCustomerAsync("Raleigh Pines", "cts");
        await NoteAsync(Company, oakwood, "Price", "Cheaper quote from ServPro", "Chris O", new DateTimeOffset(2027, 3, 8, 5, 0, 0, TimeSpan.Zero));   // Mon 00:00 EST: first instant in
        await NoteAsync(Company, oakwood, "Seasonal", null, "Mikey C", new DateTimeOffset(2027, 3, 12, 15, 0, 0, TimeSpan.Zero));
        await NoteAsync("cts", pines, "PropertySold", "New owners from April", "Chris O", new DateTimeOffset(2027, 3, 15, 3, 59, 0, TimeSpan.Zero)); // Sun 23:59 EDT: last minute in
        // Outside the week: the Sunday before, and Monday after midnight.
        await NoteAsync(Company, oakwood, "Quality", "Too old to report", "Chris O", new DateTimeOffset(2027, 3, 8, 4, 59, 0, TimeSpan.Zero));
        await NoteAsync("cts", pines, "Quality", "Next week's news", "Chris O", new DateTimeOffset(2027, 3, 15, 4, 0, 0, TimeSpan.Zero));
        // Mike is an admin but no longer active: no mail.
        await using var core = fx.Core("seed");
        (await core.Users.SingleAsync(u => u.Username == "mike")).IsActive = false;
        await core.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private DormancyWeeklyReport Report() => app.App.Services.GetRequiredService<DormancyWeeklyReport>();

    private async Task<(int Alert, int Customer)> AlertWithCustomerAsync(string name, string company)
    {
        var customer = await CustomerAsync(fx, name, company: company);
        await using var db = fx.Company(company, "seed");
        var alert = new DormancyAlert { CustomerId = customer, LastJobDate = new DateOnly(2027, 1, 20), ThresholdWeeks = 3, OpenedAt = DateTimeOffset.UtcNow };
        db.DormancyAlerts.Add(alert);
        await db.SaveChangesAsync();
        return (alert.Id, customer);
    }

    private async Task NoteAsync(string company, (int Alert, int Customer) target, string reason, string? text, string author, DateTimeOffset at)
    {
        await using var db = fx.Company(company, "seed");
        db.Add(new DormancyNote { AlertId = target.Alert, CustomerId = target.Customer, Reason = reason, Text = text, AuthorUsername = author.ToLowerInvariant().Replace(" ", ""), AuthorName = author, LoggedAt = at });
        await db.SaveChangesAsync();
    }

    private async Task<List<MailOutbox>> MailsAsync()
    {
        await using var core = fx.Core();
        return await core.MailOutbox.AsNoTracking().OrderBy(m => m.Recipients).ToListAsync();
    }

    [Fact]
    public async Task Managers_and_admins_get_their_companies_notes_of_the_past_week_once()
    {
        var result = await Report().SendAsync(Monday, MondayAt8);

        Assert.Equal(4, result.MailsEnqueued);
        var mails = await MailsAsync();
        Assert.Equal(
            ["Chris Letize <chris.letize@fieldkit.local>", "Michele <michele@fieldkit.local>", "Patrick <patrick@fieldkit.local>", "Walter <walter@fieldkit.local>"],
            mails.Select(m => m.Recipients).Order(StringComparer.Ordinal));
        Assert.All(mails, m => Assert.Equal("Dormancy notes, week of Mar 8, 2027", m.Subject));

        var walter = mails.Single(m => m.Recipients.Contains("walter@"));
        Assert.Equal("kleanit_charlotte", walter.CompanyCode);
        Assert.Contains("Kleanit Charlotte (2 notes)", walter.TextBody);
        Assert.Contains("- Oakwood Apartments (last job Jan 20, 2027): Price — Cheaper quote from ServPro (Chris O, Mon Mar 8)", walter.TextBody);
        Assert.Contains("- Oakwood Apartments (last job Jan 20, 2027): Seasonal (Mikey C, Fri Mar 12)", walter.TextBody);
        Assert.DoesNotContain("Raleigh Pines", walter.TextBody);
        Assert.DoesNotContain("Too old", walter.TextBody);

        var patrick = mails.Single(m => m.Recipients.Contains("patrick@"));
        Assert.Contains("CTS of Raleigh (1 note)", patrick.TextBody);
        Assert.Contains("Raleigh Pines (last job Jan 20, 2027): Property sold — New owners from April (Chris O, Sun Mar 14)", patrick.TextBody);
        Assert.DoesNotContain("Next week", patrick.TextBody);
        Assert.DoesNotContain("Oakwood", patrick.TextBody);

        var michele = mails.Single(m => m.Recipients.Contains("michele@"));
        Assert.Null(michele.CompanyCode);
        Assert.Contains("3 dormancy notes were logged Mar 8–Mar 14, 2027.", michele.TextBody);
        Assert.Contains("Kleanit Charlotte (2 notes)", michele.TextBody);
        Assert.Contains("CTS of Raleigh (1 note)", michele.TextBody);
        Assert.Contains("Oakwood Apartments", michele.HtmlBody);

        await using var core = fx.Core();
        var claims = await core.JobRuns.AsNoTracking().Where(r => r.Job == DormancyWeeklyReport.Job).ToListAsync();
        Assert.Equal(4, claims.Count);
        Assert.All(claims, c => Assert.Equal(Monday, c.RunDate));
        Assert.Contains(claims, c => c.Scope == "user:walter");
    }

    [Fact]
    public async Task Two_runs_at_once_send_each_recipient_one_mail()
    {
        var other = ActivatorUtilities.CreateInstance<DormancyWeeklyReport>(app.App.Services);

        var results = await Task.WhenAll(Report().SendAsync(Monday, MondayAt8), other.SendAsync(Monday, MondayAt8));

        Assert.Equal(4, results.Sum(r => r.MailsEnqueued));
        Assert.Equal(4, results.Sum(r => r.AlreadySent));
        Assert.Equal(4, (await MailsAsync()).Count);
    }

    [Fact]
    public async Task A_restart_later_in_the_week_sends_nothing_again_but_a_late_first_start_sends_once()
    {
        // The app was down at 08:00 Monday: it starts on Tuesday and sends the week's report then.
        var tuesday = new FakeTimeProvider(new DateTimeOffset(2027, 3, 16, 14, 0, 0, TimeSpan.Zero));
        var first = ActivatorUtilities.CreateInstance<DormancyWorker>(app.App.Services, (TimeProvider)tuesday);
        await first.RunDueAsync(tuesday.GetUtcNow(), CancellationToken.None);
        Assert.Equal(4, (await MailsAsync()).Count);

        // Restarted on Thursday (a new instance remembers nothing): the claims stop a second send.
        var thursday = new FakeTimeProvider(new DateTimeOffset(2027, 3, 18, 14, 0, 0, TimeSpan.Zero));
        var restarted = ActivatorUtilities.CreateInstance<DormancyWorker>(app.App.Services, (TimeProvider)thursday);
        await restarted.RunDueAsync(thursday.GetUtcNow(), CancellationToken.None);
        var events = Drain(restarted);
        var reported = Assert.Single(events, e => e.Kind == DormancyWorkerEventKind.Reported);
        Assert.Equal((Monday, 0, 4), (reported.Date!.Value, reported.Report!.MailsEnqueued, reported.Report.AlreadySent));
        Assert.Equal(4, (await MailsAsync()).Count);
    }

    [Fact]
    public async Task Nobody_gets_a_mail_for_a_week_without_notes()
    {
        var result = await Report().SendAsync(Monday.AddDays(14), MondayAt8.AddDays(14));

        Assert.Equal(0, result.MailsEnqueued);
        Assert.Empty(await MailsAsync());
    }

    private static List<DormancyWorkerEvent> Drain(DormancyWorker worker)
    {
        var list = new List<DormancyWorkerEvent>();
        while (worker.Events.TryRead(out var e)) list.Add(e);
        return list;
    }
}
