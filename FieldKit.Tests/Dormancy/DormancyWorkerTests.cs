using FieldKit.Data.Auditing;
using FieldKit.Data.Company;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Dormancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static FieldKit.Tests.Dormancy.DormancyTestData;

namespace FieldKit.Tests.Dormancy;

/// <summary>
/// The hosted schedule on a FakeTimeProvider across the spring DST change (Sunday March 14, 2027): the scan fires at
/// 06:00 company time (11:00 UTC before the change, 10:00 UTC after) and the report on Monday at 08:00 (12:00 UTC after).
/// The worker says when it has set its timer (Waiting), so the test advances the clock only then: no sleeps.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class DormancyWorkerTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public async Task InitializeAsync()
    {
        await fx.ResetAsync();
        await fx.SeedDemoUsersAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Scan_fires_at_0600_and_report_on_Monday_0800_company_time_across_the_DST_change()
    {
        // Quiet since February 1 (3 weeks for Kleanit Charlotte): dormant from the first scan.
        var oakwood = await CustomerAsync(fx, "Oakwood Apartments");
        await JobAsync(fx, oakwood, new DateOnly(2027, 2, 1));
        // Saturday March 13, 12:00 EST.
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 13, 17, 0, 0, TimeSpan.Zero));
        var worker = ActivatorUtilities.CreateInstance<DormancyWorker>(app.App.Services, (TimeProvider)clock);
        using var stop = new CancellationTokenSource();
        await worker.StartAsync(stop.Token);
        try
        {
            // Start: Saturday's scan is overdue (catch-up) and last Monday's report is due; then it sleeps until Sunday 06:00 EDT.
            var start = await UntilWaitingAsync(worker);
            Assert.Equal(4, start.Count(e => e.Kind == DormancyWorkerEventKind.Scanned && e.Date == new DateOnly(2027, 3, 13)));
            Assert.Contains(start, e => e.Kind == DormancyWorkerEventKind.Reported && e.Date == new DateOnly(2027, 3, 8));
            Assert.Equal(DateTimeOffset.Parse("2027-03-14T10:00:00Z"), start[^1].NextRun);
            Assert.Equal(["Oakwood Apartments"], await OpenAsync(fx));

            // A note logged on Sunday, for Monday's report.
            var alert = (await AlertsAsync(fx)).Single();
            await using (var db = fx.Company(Company, "seed"))
            {
                db.Add(new DormancyNote { AlertId = alert.Id, CustomerId = oakwood, Reason = "Price", Text = "Went with a cheaper crew", AuthorUsername = "chriso", AuthorName = "Chris O", LoggedAt = DateTimeOffset.Parse("2027-03-14T16:00:00Z") });
                await db.SaveChangesAsync();
            }

            // Sunday 06:00 EDT = 10:00 UTC (it would be 11:00 UTC on standard time).
            clock.Advance(DateTimeOffset.Parse("2027-03-14T10:00:00Z") - clock.GetUtcNow());
            var sunday = await UntilWaitingAsync(worker);
            Assert.Equal(4, sunday.Count(e => e.Kind == DormancyWorkerEventKind.Scanned && e.Date == new DateOnly(2027, 3, 14) && e.At == clock.GetUtcNow()));
            Assert.DoesNotContain(sunday, e => e.Kind == DormancyWorkerEventKind.Reported);
            Assert.Equal(DateTimeOffset.Parse("2027-03-15T10:00:00Z"), sunday[^1].NextRun);

            // Monday 06:00 EDT: the scan; the report waits for 08:00 EDT = 12:00 UTC.
            clock.Advance(DateTimeOffset.Parse("2027-03-15T10:00:00Z") - clock.GetUtcNow());
            var mondayScan = await UntilWaitingAsync(worker);
            Assert.Equal(4, mondayScan.Count(e => e.Kind == DormancyWorkerEventKind.Scanned && e.Date == new DateOnly(2027, 3, 15)));
            Assert.DoesNotContain(mondayScan, e => e.Kind == DormancyWorkerEventKind.Reported);
            Assert.Equal(DateTimeOffset.Parse("2027-03-15T12:00:00Z"), mondayScan[^1].NextRun);
            Assert.Empty(await MailsAsync());

            clock.Advance(TimeSpan.FromHours(2));
            var mondayReport = await UntilWaitingAsync(worker);
            var reported = Assert.Single(mondayReport, e => e.Kind == DormancyWorkerEventKind.Reported);
            Assert.Equal((new DateOnly(2027, 3, 15), 4), (reported.Date!.Value, reported.Report!.MailsEnqueued));   // walter and the three admins
            Assert.DoesNotContain(mondayReport, e => e.Kind == DormancyWorkerEventKind.Scanned);
            Assert.Equal(DateTimeOffset.Parse("2027-03-16T10:00:00Z"), mondayReport[^1].NextRun);
            var mails = await MailsAsync();
            Assert.All(mails, m => Assert.Contains("Went with a cheaper crew", m.TextBody));
        }
        finally
        {
            await stop.CancelAsync();
            await worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_failing_company_is_logged_retried_in_five_minutes_and_the_others_still_run()
    {
        var oakwood = await CustomerAsync(fx, "Oakwood Apartments");
        await JobAsync(fx, oakwood, new DateOnly(2027, 2, 1));
        var sp = app.App.Services;
        var real = sp.GetRequiredService<CompanyCatalogue>();
        var broken = new CompanyInfo
        {
            Code = "broken", Name = "Broken Co", PrimaryColor = "#000000",
            ConnectionString = "Host=127.0.0.1;Port=1;Database=nope;Username=x;Password=y;Timeout=2",
        };
        var catalogue = new CompanyCatalogue([broken, .. real.All]);
        var factory = new CompanyDbContextFactory(catalogue, sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<SlowQueryInterceptor>());
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 13, 17, 0, 0, TimeSpan.Zero));
        var worker = ActivatorUtilities.CreateInstance<DormancyWorker>(sp, (TimeProvider)clock, catalogue, factory);
        using var stop = new CancellationTokenSource();
        await worker.StartAsync(stop.Token);
        try
        {
            var events = await UntilWaitingAsync(worker);
            Assert.Contains(events, e => e.Kind == DormancyWorkerEventKind.ScanFailed && e.Company == "broken");
            Assert.Equal(4, events.Count(e => e.Kind == DormancyWorkerEventKind.Scanned));
            Assert.Equal(clock.GetUtcNow() + DormancyWorker.RetryInterval, events[^1].NextRun);
            Assert.Equal(["Oakwood Apartments"], await OpenAsync(fx));

            // The retry: only the failed company is tried again, and the loop keeps going.
            clock.Advance(DormancyWorker.RetryInterval);
            var retry = await UntilWaitingAsync(worker);
            Assert.Contains(retry, e => e.Kind == DormancyWorkerEventKind.ScanFailed && e.Company == "broken");
            Assert.DoesNotContain(retry, e => e.Kind == DormancyWorkerEventKind.Scanned);
            Assert.False(worker.ExecuteTask!.IsCompleted);
        }
        finally
        {
            await stop.CancelAsync();
            await worker.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Reads the worker's events up to and including its next Waiting (the timer is set by then).</summary>
    private static async Task<List<DormancyWorkerEvent>> UntilWaitingAsync(DormancyWorker worker)
    {
        var list = new List<DormancyWorkerEvent>();
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var e = await worker.Events.ReadAsync(timeout.Token);
            list.Add(e);
            if (e.Kind == DormancyWorkerEventKind.Waiting) return list;
        }
    }

    private async Task<List<MailOutbox>> MailsAsync()
    {
        await using var core = fx.Core();
        return await core.MailOutbox.AsNoTracking().ToListAsync();
    }
}
