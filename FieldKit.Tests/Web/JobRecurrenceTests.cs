using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FieldKit.Tests.Web;

/// <summary>Recurring jobs: generated 12 weeks ahead, idempotently; edits and ends touch only future jobs not yet started.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class JobRecurrenceTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    private const string Company = JobSeed.Company;
    // Friday Feb 20, 2026, noon in Charlotte.
    private static readonly DateOnly Today = new(2026, 2, 20);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 2, 20, 17, 0, 0, TimeSpan.Zero));
    private JobSeed.Ids _ids = default!;
    private AsyncServiceScope _scope;
    private RecurrenceService _service = default!;

    public async Task InitializeAsync()
    {
        _ids = await JobSeed.SeedAsync(fx, app);
        _scope = await JobSeed.ScopeAsync(app, fx, "walter");
        _service = ActivatorUtilities.CreateInstance<RecurrenceService>(_scope.ServiceProvider, (TimeProvider)_clock);
    }

    public async Task DisposeAsync() => await _scope.DisposeAsync();

    private static DateOnly D(int month, int day, int year = 2026) => new(year, month, day);

    private RecurrenceInput Weekly(DateOnly start, int interval = 1) => new()
    {
        CustomerId = _ids.Oakwood, Kind = RecurrenceKind.EveryNWeeks, IntervalWeeks = interval, StartDate = start,
        WindowStart = new TimeOnly(9, 0), WindowEnd = new TimeOnly(11, 0), ServiceType = "Carpet clean", Crew = "Crew A",
        Units = "Clubhouse", Price = 250m,
    };

    private async Task<List<Job>> JobsAsync(int recurrenceId, bool includeDeleted = false)
    {
        await using var db = fx.Company(Company);
        var jobs = includeDeleted ? db.Jobs.IgnoreQueryFilters() : db.Jobs;
        return await jobs.AsNoTracking().Where(j => j.RecurrenceId == recurrenceId).OrderBy(j => j.ScheduledDate).ThenBy(j => j.Id).ToListAsync();
    }

    private async Task<int> SaveAsync(RecurrenceInput input, DateOnly? today = null)
    {
        var result = await _service.SaveAsync(input, today ?? Today);
        Assert.True(result.Succeeded, result.Message + string.Join("; ", result.Errors.Select(e => $"{e.Key}: {e.Value}")));
        return result.Id!.Value;
    }

    private async Task UpdateJobAsync(int recurrenceId, DateOnly date, Action<Job> change)
    {
        await using var db = fx.Company(Company, "michele");
        change(await db.Jobs.SingleAsync(j => j.RecurrenceId == recurrenceId && j.ScheduledDate == date));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Every_two_weeks_generates_each_date_twelve_weeks_ahead_and_running_again_adds_nothing()
    {
        var result = await _service.SaveAsync(Weekly(D(1, 27), interval: 2)); // Tuesdays, from a date in the past
        var id = result.Id!.Value;

        Assert.Equal(6, result.Changed);
        var jobs = await JobsAsync(id);
        Assert.Equal([D(2, 24), D(3, 10), D(3, 24), D(4, 7), D(4, 21), D(5, 5)], jobs.Select(j => j.ScheduledDate));
        Assert.All(jobs, j =>
        {
            Assert.Equal((JobStatus.Scheduled, "Carpet clean", "Crew A", "Clubhouse", 250m), (j.Status, j.ServiceType, j.Crew, j.Units, j.Price));
            Assert.Equal((new TimeOnly(9, 0), new TimeOnly(11, 0)), (j.WindowStart, j.WindowEnd));
            Assert.Equal("1200 Oakwood Street, Charlotte, NC 28202", j.ServiceAddress);
            Assert.Equal("walter", j.CreatedBy);
        });
        Assert.Equal(jobs.Count, jobs.Select(j => j.Number).Distinct().Count());

        Assert.Equal(0, await _service.GenerateAsync(null, Today));
        Assert.Equal(0, await _service.GenerateAsync(id, Today));
        Assert.Equal(6, (await JobsAsync(id)).Count);
        await using (var db = fx.Company(Company))
            Assert.Equal(D(5, 15), (await db.JobRecurrences.SingleAsync(r => r.Id == id)).GeneratedThrough);

        // Two weeks on, the horizon has moved: one more occurrence, once.
        Assert.Equal(1, await _service.GenerateAsync(null, D(3, 6)));
        Assert.Equal(0, await _service.GenerateAsync(null, D(3, 6)));
        Assert.Equal(D(5, 19), (await JobsAsync(id)).Last().ScheduledDate);
    }

    [Fact]
    public async Task Monthly_on_the_31st_lands_on_each_month_end()
    {
        var input = Weekly(D(1, 1));
        input.Kind = RecurrenceKind.MonthlyOnDay;
        input.DayOfMonth = 31;

        var id = await SaveAsync(input, today: D(1, 15));
        Assert.Equal([D(1, 31), D(2, 28), D(3, 31)], (await JobsAsync(id)).Select(j => j.ScheduledDate));

        Assert.Equal(2, await _service.GenerateAsync(null, D(4, 1))); // horizon Jun 24
        Assert.Equal([D(1, 31), D(2, 28), D(3, 31), D(4, 30), D(5, 31)], (await JobsAsync(id)).Select(j => j.ScheduledDate));
    }

    [Theory]
    [InlineData(2026, 3, 1, 2026, 2, 27, 2026, 3, 8)]   // spring forward
    [InlineData(2026, 10, 18, 2026, 10, 20, 2026, 11, 1)] // fall back
    public async Task A_job_on_a_daylight_saving_change_day_keeps_its_date_and_local_window(
        int sy, int sm, int sd, int ty, int tm, int td, int cy, int cm, int cd)
    {
        var change = new DateOnly(cy, cm, cd);
        var input = Weekly(new DateOnly(sy, sm, sd)); // Sundays
        input.WindowStart = new TimeOnly(8, 0);
        input.WindowEnd = new TimeOnly(10, 0);

        var id = await SaveAsync(input, today: new DateOnly(ty, tm, td));

        var jobs = await JobsAsync(id);
        var onTheDay = Assert.Single(jobs, j => j.ScheduledDate == change);
        Assert.Equal((new TimeOnly(8, 0), new TimeOnly(10, 0)), (onTheDay.WindowStart, onTheDay.WindowEnd));
        Assert.All(jobs, j => Assert.Equal(DayOfWeek.Sunday, j.ScheduledDate.DayOfWeek));
        Assert.Contains(change.AddDays(7), jobs.Select(j => j.ScheduledDate));
    }

    [Fact]
    public async Task Editing_changes_only_future_jobs_that_have_not_started()
    {
        var id = await SaveAsync(Weekly(D(2, 6))); // Fridays: Feb 20 (today) … May 15
        await using (var db = fx.Company(Company, "seed"))
        {
            // Last week's visit, done.
            db.Jobs.Add(new Job
            {
                CustomerId = _ids.Oakwood, RecurrenceId = id, ScheduledDate = D(2, 13), ServiceType = "Carpet clean", Crew = "Crew A",
                Price = 250m, Status = JobStatus.Completed, CompletedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        await UpdateJobAsync(id, D(2, 27), j => j.Status = JobStatus.InProgress);
        await UpdateJobAsync(id, D(3, 13), j => j.Price = 300m); // priced by hand for that visit
        var before = await JobsAsync(id);
        Assert.Equal(14, before.Count);

        var input = (await _service.GetAsync(id))!;
        input.Crew = "Crew B";
        input.Price = 275m;
        var result = await _service.SaveAsync(input, Today);

        Assert.True(result.Succeeded);
        Assert.Equal(0, result.Changed);
        var after = (await JobsAsync(id)).ToDictionary(j => j.ScheduledDate);
        Assert.Equal(before.Select(j => (j.Id, j.Number)), (await JobsAsync(id)).Select(j => (j.Id, j.Number))); // changed in place
        Assert.Equal(("Crew A", 250m), (after[D(2, 13)].Crew, after[D(2, 13)].Price));   // past
        Assert.Equal(("Crew A", 250m), (after[D(2, 27)].Crew, after[D(2, 27)].Price));   // started
        Assert.Equal(("Crew B", 275m), (after[D(2, 20)].Crew, after[D(2, 20)].Price));   // today, not started
        Assert.Equal(("Crew B", 300m), (after[D(3, 13)].Crew, after[D(3, 13)].Price));   // its own price kept
        Assert.Equal(11, after.Values.Count(j => j.Crew == "Crew B" && j.Price == 275m && j.UpdatedBy == "walter"));
    }

    [Fact]
    public async Task Changing_the_pattern_replaces_only_future_unstarted_jobs()
    {
        var id = await SaveAsync(Weekly(D(2, 6)));
        await UpdateJobAsync(id, D(2, 27), j => j.Status = JobStatus.InProgress);

        var input = (await _service.GetAsync(id))!;
        input.IntervalWeeks = 2;
        var result = await _service.SaveAsync(input, Today);

        Assert.Equal(7, result.Changed);
        var jobs = await JobsAsync(id);
        Assert.Equal([D(2, 20), D(2, 27), D(3, 6), D(3, 20), D(4, 3), D(4, 17), D(5, 1), D(5, 15)], jobs.Select(j => j.ScheduledDate));
        Assert.Equal(JobStatus.InProgress, jobs.Single(j => j.ScheduledDate == D(2, 27)).Status);
        var deleted = (await JobsAsync(id, includeDeleted: true)).Where(j => j.DeletedAt != null).ToList();
        Assert.Equal(12, deleted.Count);
        Assert.All(deleted, j => Assert.Equal(("walter", JobStatus.Scheduled), (j.DeletedBy, j.Status)));
        Assert.Equal(0, await _service.GenerateAsync(null, Today));
    }

    [Fact]
    public async Task Ending_removes_unstarted_jobs_after_the_end_and_pausing_then_resuming_regenerates()
    {
        var id = await SaveAsync(Weekly(D(2, 6)));
        await UpdateJobAsync(id, D(4, 3), j => j.Status = JobStatus.InProgress); // odd, but started: it stays
        var version = (await _service.GetAsync(id))!.Version;

        var ended = await _service.EndAsync(id, D(3, 20), version);

        Assert.True(ended.Succeeded, ended.Message);
        Assert.Equal([D(2, 20), D(2, 27), D(3, 6), D(3, 13), D(3, 20), D(4, 3)], (await JobsAsync(id)).Select(j => j.ScheduledDate));
        Assert.Equal(0, await _service.GenerateAsync(null, D(3, 1)));
        Assert.Equal("The end date cannot be before the start date.",
            (await _service.EndAsync(id, D(1, 1), (await _service.GetAsync(id))!.Version)).Message);

        var pause = (await _service.GetAsync(id))!;
        pause.IsActive = false;
        await SaveAsync(pause);
        Assert.Equal([D(4, 3)], (await JobsAsync(id)).Select(j => j.ScheduledDate));
        Assert.DoesNotContain(await _service.ForCustomerAsync(_ids.Oakwood), r => r.IsActive);

        var resume = (await _service.GetAsync(id))!;
        resume.IsActive = true;
        resume.EndDate = null;
        var resumed = await _service.SaveAsync(resume, Today);
        Assert.Equal(12, resumed.Changed); // every Friday to May 15 except Apr 3, which already has its (started) job
        Assert.Equal(13, (await JobsAsync(id)).Count);
        var summary = Assert.Single(await _service.ForCustomerAsync(_ids.Oakwood));
        Assert.Equal((true, D(2, 20)), (summary.IsActive, summary.NextDate));
    }

    [Fact]
    public async Task Invalid_recurrences_come_back_by_field_and_nothing_is_written()
    {
        var weekly = Weekly(D(3, 1), interval: 27);
        weekly.StartDate = null;
        weekly.Price = -1m;
        weekly.ServiceType = "Nope";
        weekly.WindowEnd = new TimeOnly(8, 0);
        var monthly = Weekly(D(3, 1));
        monthly.Kind = RecurrenceKind.MonthlyOnDay;
        monthly.DayOfMonth = 32;
        monthly.EndDate = D(2, 1);
        monthly.Crew = "Crew Z";
        var zero = Weekly(D(3, 1), interval: 0);

        var a = await _service.SaveAsync(weekly, Today);
        var b = await _service.SaveAsync(monthly, Today);
        var c = await _service.SaveAsync(zero, Today);

        Assert.Equal(["IntervalWeeks", "Price", "ServiceType", "StartDate", "WindowEnd"], a.Errors.Keys.Order());
        Assert.Equal("Repeat every 1 to 26 weeks.", a.Errors["IntervalWeeks"]);
        Assert.Equal(["Crew", "DayOfMonth", "EndDate"], b.Errors.Keys.Order());
        Assert.Equal("The end date cannot be before the start date.", b.Errors["EndDate"]);
        Assert.Equal(["IntervalWeeks"], c.Errors.Keys);
        await using var db = fx.Company(Company);
        Assert.Equal((0, 0), (await db.JobRecurrences.IgnoreQueryFilters().CountAsync(), await db.Jobs.IgnoreQueryFilters().CountAsync()));
    }

    [Fact]
    public async Task The_worker_generates_for_every_company_once_a_day_as_the_system()
    {
        int id;
        await using (var db = fx.Company(Company, "seed"))
        {
            var r = new JobRecurrence
            {
                CustomerId = _ids.Riverside, Kind = RecurrenceKind.EveryNWeeks, IntervalWeeks = 1, StartDate = D(2, 2),
                ServiceType = "Tile & grout", Price = 120m,
            };
            db.JobRecurrences.Add(r);
            await db.SaveChangesAsync();
            id = r.Id;
        }
        var worker = ActivatorUtilities.CreateInstance<RecurrenceWorker>(app.App.Services, (TimeProvider)_clock);

        var first = await worker.RunDueAsync(CancellationToken.None);
        var again = await worker.RunDueAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(7));
        var nextWeek = await worker.RunDueAsync(CancellationToken.None);

        Assert.Equal(12, first[Company]); // Mondays Feb 23 … May 11
        Assert.Equal(4, first.Count);     // every company ran
        Assert.Empty(again);              // same day: nothing to do
        Assert.Equal(1, nextWeek[Company]);
        var jobs = await JobsAsync(id);
        Assert.Equal(13, jobs.Count);
        Assert.All(jobs, j => Assert.Equal(RecurrenceWorker.Actor, j.CreatedBy));
    }
}
