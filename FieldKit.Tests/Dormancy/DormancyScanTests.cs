using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Dormancy;
using FieldKit.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static FieldKit.Tests.Dormancy.DormancyTestData;

namespace FieldKit.Tests.Dormancy;

/// <summary>The set-based scan on real PostgreSQL, with a fixed company date (Wednesday March 10, 2027) and kleanit_charlotte's 3 weeks unless a test changes it.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class DormancyScanTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2027, 3, 10);
    private static readonly DateTimeOffset Now = new(2027, 3, 10, 11, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        await fx.ResetAsync();
        await ConfigAsync(fx, 3);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<DormancyScanResult> ScanAsync(DateOnly? today = null, string company = Company)
    {
        await using var db = fx.Company(company, DormancyWorker.Actor);
        return await DormancyScan.RunAsync(db, fx.Catalogue.Get(company), today ?? Today, Now, CancellationToken.None);
    }

    [Fact]
    public async Task Opens_one_alert_per_quiet_customer_with_its_last_job_date_and_threshold()
    {
        var oakwood = await CustomerAsync(fx, "Oakwood Apartments");
        await JobAsync(fx, oakwood, Today.AddDays(-70));
        await JobAsync(fx, oakwood, Today.AddDays(-40));
        var busy = await CustomerAsync(fx, "Busy Commons");
        await JobAsync(fx, busy, Today.AddDays(-5));

        var result = await ScanAsync();

        Assert.Equal((1, 0, 3), (result.Opened, result.Resolved, result.Weeks));
        var alert = Assert.Single(await AlertsAsync(fx));
        Assert.Equal("Oakwood Apartments", alert.Customer!.PropertyName);
        Assert.Equal(Today.AddDays(-40), alert.LastJobDate);
        Assert.Equal(3, alert.ThresholdWeeks);
        Assert.Equal(DormancyWorker.Actor, alert.CreatedBy);
        Assert.Null(alert.ResolvedAt);
    }

    [Fact]
    public async Task Boundary_exactly_at_the_threshold_is_not_dormant_one_day_more_is()
    {
        var exactly = await CustomerAsync(fx, "Exactly Three Weeks");
        await JobAsync(fx, exactly, Today.AddDays(-21));
        var dayMore = await CustomerAsync(fx, "Three Weeks And A Day");
        await JobAsync(fx, dayMore, Today.AddDays(-22));

        await ScanAsync();

        Assert.Equal(["Three Weeks And A Day"], await OpenAsync(fx));
    }

    [Fact]
    public async Task Cancelled_and_deleted_jobs_do_not_count_as_work()
    {
        var cancelled = await CustomerAsync(fx, "Cancelled Recently");
        await JobAsync(fx, cancelled, Today.AddDays(-60));
        await JobAsync(fx, cancelled, Today.AddDays(-3), JobStatus.Cancelled);
        await JobAsync(fx, cancelled, Today.AddDays(10), JobStatus.Cancelled);
        var deleted = await CustomerAsync(fx, "Deleted Recent Job");
        await JobAsync(fx, deleted, Today.AddDays(-60));
        var recent = await JobAsync(fx, deleted, Today.AddDays(-2));
        await using (var db = fx.Company(Company, "office"))
        {
            db.Jobs.Remove(await db.Jobs.SingleAsync(j => j.Id == recent));   // soft delete
            await db.SaveChangesAsync();
        }

        await ScanAsync();

        var alerts = await AlertsAsync(fx);
        Assert.Equal(["Cancelled Recently", "Deleted Recent Job"], alerts.Select(a => a.Customer!.PropertyName).Order());
        Assert.All(alerts, a => Assert.Equal(Today.AddDays(-60), a.LastJobDate));
    }

    [Fact]
    public async Task A_job_scheduled_ahead_suppresses_the_alert()
    {
        var ahead = await CustomerAsync(fx, "Booked Ahead");
        await JobAsync(fx, ahead, Today.AddDays(-90));
        await JobAsync(fx, ahead, Today.AddDays(30), JobStatus.Scheduled);
        var today = await CustomerAsync(fx, "Booked Today");
        await JobAsync(fx, today, Today.AddDays(-90));
        await JobAsync(fx, today, Today, JobStatus.Scheduled);

        await ScanAsync();

        Assert.Empty(await AlertsAsync(fx));
    }

    [Fact]
    public async Task Customers_without_jobs_inactive_or_deleted_customers_are_not_alerted()
    {
        await CustomerAsync(fx, "Never Had A Job");
        var inactive = await CustomerAsync(fx, "Inactive Place", CustomerStatus.Inactive);
        await JobAsync(fx, inactive, Today.AddDays(-90));
        var gone = await CustomerAsync(fx, "Deleted Place");
        await JobAsync(fx, gone, Today.AddDays(-90));
        await using (var db = fx.Company(Company, "office"))
        {
            db.Customers.Remove(await db.Customers.SingleAsync(c => c.Id == gone));
            await db.SaveChangesAsync();
        }

        await ScanAsync();

        Assert.Empty(await AlertsAsync(fx));
    }

    [Fact]
    public async Task Switched_off_config_opens_nothing()
    {
        await ConfigAsync(fx, 3, active: false);
        var quiet = await CustomerAsync(fx, "Quiet Place");
        await JobAsync(fx, quiet, Today.AddDays(-90));

        var result = await ScanAsync();

        Assert.False(result.Active);
        Assert.Equal(0, result.Opened);
        Assert.Empty(await AlertsAsync(fx));
    }

    [Fact]
    public async Task Threshold_change_opens_more_when_lowered_and_closes_those_no_longer_over_when_raised()
    {
        var five = await CustomerAsync(fx, "Five Weeks Quiet");
        await JobAsync(fx, five, Today.AddDays(-35));
        var ten = await CustomerAsync(fx, "Ten Weeks Quiet");
        await JobAsync(fx, ten, Today.AddDays(-70));
        await ConfigAsync(fx, 8);
        await ScanAsync();
        Assert.Equal(["Ten Weeks Quiet"], await OpenAsync(fx));

        await ConfigAsync(fx, 4);
        Assert.Equal(1, (await ScanAsync()).Opened);
        Assert.Equal(["Five Weeks Quiet", "Ten Weeks Quiet"], await OpenAsync(fx));

        await ConfigAsync(fx, 6);
        var raised = await ScanAsync();
        Assert.Equal((0, 1), (raised.Opened, raised.Resolved));
        Assert.Equal(["Ten Weeks Quiet"], await OpenAsync(fx));
    }

    [Fact]
    public async Task Scanning_twice_or_twice_at_once_opens_no_duplicates()
    {
        for (var i = 0; i < 5; i++)
        {
            var id = await CustomerAsync(fx, $"Quiet {i}");
            await JobAsync(fx, id, Today.AddDays(-50 - i));
        }

        var both = await Task.WhenAll(ScanAsync(), ScanAsync());
        var again = await ScanAsync();

        Assert.Equal(5, both.Sum(r => r.Opened));
        Assert.Equal(0, again.Opened);
        Assert.Equal(5, (await AlertsAsync(fx)).Count);
    }

    [Fact]
    public async Task Scheduling_a_job_resolves_on_the_next_scan_and_a_new_quiet_spell_opens_a_new_alert()
    {
        var oakwood = await CustomerAsync(fx, "Oakwood Apartments");
        await JobAsync(fx, oakwood, Today.AddDays(-40));
        await ScanAsync();
        await JobAsync(fx, oakwood, Today.AddDays(7), JobStatus.Scheduled);

        var result = await ScanAsync();

        Assert.Equal((0, 1), (result.Opened, result.Resolved));
        var resolved = Assert.Single(await AlertsAsync(fx));
        Assert.Equal(Now, resolved.ResolvedAt);

        // Eight weeks later that job is long done and nothing followed: a second alert, the first stays closed.
        await ScanAsync(Today.AddDays(7 + 22));
        var alerts = await AlertsAsync(fx);
        Assert.Equal(2, alerts.Count);
        Assert.Equal(Today.AddDays(7), alerts.Single(a => a.ResolvedAt is null).LastJobDate);
    }

    [Fact]
    public async Task Saving_a_job_for_the_customer_resolves_its_alert_at_once()
    {
        // JobService works on the real clock: date this customer's quiet spell from the real company date.
        await using var scope = await app.ForUserAsync(fx, await SeedUsersAndTypeAsync());
        scope.ServiceProvider.GetRequiredService<FieldKit.Web.Features.Companies.CurrentCompany>().Set(fx.Catalogue.Get(Company));
        var jobs = scope.ServiceProvider.GetRequiredService<JobService>();
        var realToday = jobs.Today();
        var oakwood = await CustomerAsync(fx, "Oakwood Apartments");
        await JobAsync(fx, oakwood, realToday.AddDays(-40));
        await ScanAsync(realToday);
        Assert.Equal(["Oakwood Apartments"], await OpenAsync(fx));

        var saved = await jobs.SaveAsync(new JobInput { CustomerId = oakwood, ScheduledDate = realToday.AddDays(5), ServiceType = "Carpet cleaning", Price = 150 });

        Assert.True(saved.Succeeded);
        Assert.Empty(await OpenAsync(fx));
        Assert.Equal("michele", (await AlertsAsync(fx)).Single().UpdatedBy);
    }

    private async Task<string> SeedUsersAndTypeAsync()
    {
        await fx.SeedDemoUsersAsync();
        await using var db = fx.Company(Company, "seed");
        db.ServiceTypes.Add(new ServiceType { Name = "Carpet cleaning", SortOrder = 1 });
        await db.SaveChangesAsync();
        return "michele";
    }
}
