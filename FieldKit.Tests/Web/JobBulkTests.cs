using System.Diagnostics;
using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FieldKit.Tests.Web;

/// <summary>Bulk actions are all or nothing: one job that cannot change stops every change, and says which and why.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class JobBulkTests(DataFixture fx, AppFixture app, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Company = JobSeed.Company;
    private static readonly DateOnly Day = new(2026, 12, 14);
    private JobSeed.Ids _ids = default!;
    private List<int> _jobIds = [];

    public async Task InitializeAsync()
    {
        _ids = await JobSeed.SeedAsync(fx, app);
        await using var db = fx.Company(Company, "seed");
        var jobs = Enumerable.Range(0, 100)
            .Select(i => JobSeed.NewJob(i % 2 == 0 ? _ids.Oakwood : _ids.Riverside, Day.AddDays(i % 5), crew: i % 3 == 0 ? "Crew B" : "Crew A"))
            .ToList();
        db.Jobs.AddRange(jobs);
        await db.SaveChangesAsync();
        _jobIds = jobs.Select(j => j.Id).ToList();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(AsyncServiceScope Scope, JobService Jobs)> AsAsync(string user)
    {
        var scope = await JobSeed.ScopeAsync(app, fx, user);
        return (scope, scope.ServiceProvider.GetRequiredService<JobService>());
    }

    private async Task<List<Job>> JobsAsync()
    {
        await using var db = fx.Company(Company);
        return await db.Jobs.AsNoTracking().OrderBy(j => j.Id).ToListAsync();
    }

    private async Task<int> SetStatusAsync(int index, JobStatus status)
    {
        await using var db = fx.Company(Company, "seed");
        var job = await db.Jobs.SingleAsync(j => j.Id == _jobIds[index]);
        job.Status = status;
        job.CancelReason = status == JobStatus.Cancelled ? "Property asked to skip" : null;
        await db.SaveChangesAsync();
        return job.Number;
    }

    [Fact]
    public async Task Completing_100_jobs_where_one_is_cancelled_changes_none_and_names_that_job()
    {
        var cancelledNumber = await SetStatusAsync(57, JobStatus.Cancelled);
        var before = await JobsAsync();
        var (scope, jobs) = await AsAsync("walter");
        await using var _ = scope;

        var result = await jobs.CompleteAsync(_jobIds);

        Assert.False(result.Succeeded);
        Assert.Equal([cancelledNumber], result.JobErrors.Keys);
        Assert.Equal("A cancelled job cannot be marked completed.", result.JobErrors[cancelledNumber]);
        Assert.Equal("Nothing was changed: 1 of the 100 selected jobs cannot be completed.", result.Message);
        var after = await JobsAsync();
        Assert.Equal(before.Select(j => (j.Id, j.Status, j.Version, j.UpdatedBy)), after.Select(j => (j.Id, j.Status, j.Version, j.UpdatedBy)));
        Assert.Equal(99, after.Count(j => j.Status == JobStatus.Scheduled && j.CompletedAt is null));
    }

    [Fact]
    public async Task Completing_100_valid_jobs_changes_all_of_them_in_one_go()
    {
        await SetStatusAsync(3, JobStatus.InProgress);
        var (scope, jobs) = await AsAsync("walter");
        await using var _ = scope;
        await jobs.ListAsync(new JobListQuery { PageSize = 1 }); // warm the connection pool and the model

        var watch = Stopwatch.StartNew();
        var result = await jobs.CompleteAsync(_jobIds);
        watch.Stop();
        output.WriteLine($"Bulk complete of {_jobIds.Count} jobs: {watch.ElapsedMilliseconds} ms");

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(100, result.Changed);
        var after = await JobsAsync();
        Assert.All(after, j =>
        {
            Assert.Equal(JobStatus.Completed, j.Status);
            Assert.NotNull(j.CompletedAt);
            Assert.Equal("walter", j.UpdatedBy);
        });
        await using var db = fx.Company(Company);
        Assert.Equal(100, await db.AuditLog.CountAsync(a => a.TableName == "jobs" && a.Operation == "update" && a.ChangedBy == "walter"));
    }

    [Fact]
    public async Task Rescheduling_refuses_work_already_done_and_moves_everything_otherwise()
    {
        var completedNumber = await SetStatusAsync(10, JobStatus.Completed);
        var invoicedNumber = await SetStatusAsync(20, JobStatus.Invoiced);
        var (scope, jobs) = await AsAsync("walter");
        await using var _ = scope;
        var newDay = new DateOnly(2026, 12, 21);

        var refused = await jobs.RescheduleAsync(_jobIds, newDay);

        var expected = new[] { (completedNumber, "A completed job cannot be moved."), (invoicedNumber, "A invoiced job cannot be moved.") };
        Assert.Equal(expected.OrderBy(e => e.Item1), refused.JobErrors.OrderBy(e => e.Key).Select(e => (e.Key, e.Value)));
        Assert.DoesNotContain(await JobsAsync(), j => j.ScheduledDate == newDay);

        var movable = _jobIds.Where((_, i) => i is not (10 or 20)).ToList();
        var watch = Stopwatch.StartNew();
        var moved = await jobs.RescheduleAsync(movable, newDay);
        output.WriteLine($"Bulk reschedule of {movable.Count} jobs: {watch.ElapsedMilliseconds} ms");

        Assert.True(moved.Succeeded, moved.Message);
        Assert.Equal(98, (await JobsAsync()).Count(j => j.ScheduledDate == newDay));
    }

    [Fact]
    public async Task Reassigning_needs_an_active_crew_and_is_all_or_nothing()
    {
        var cancelledNumber = await SetStatusAsync(0, JobStatus.Cancelled);
        var (scope, jobs) = await AsAsync("walter");
        await using var _ = scope;

        var inactive = await jobs.ReassignCrewAsync(_jobIds.Skip(1).ToList(), "Crew Z");
        var withCancelled = await jobs.ReassignCrewAsync(_jobIds, "Crew B");
        Assert.Equal("There is no active crew named 'Crew Z'.", inactive.Message);
        Assert.Equal([cancelledNumber], withCancelled.JobErrors.Keys);
        Assert.Equal(33, (await JobsAsync()).Count(j => j.Crew == "Crew B" && j.Status == JobStatus.Scheduled));

        var result = await jobs.ReassignCrewAsync(_jobIds.Skip(1).ToList(), "Crew B");
        var unassigned = await jobs.ReassignCrewAsync(_jobIds.Take(10).Skip(1).ToList(), " ");

        Assert.True(result.Succeeded);
        Assert.Equal(66, result.Changed); // the 33 already on Crew B were not touched
        Assert.True(unassigned.Succeeded);
        var after = await JobsAsync();
        Assert.Equal(9, after.Count(j => j.Crew is null));
        Assert.Equal(91, after.Count(j => j.Crew == "Crew B"));
    }

    [Fact]
    public async Task A_deleted_or_missing_job_stops_the_bulk_action()
    {
        int deletedNumber;
        await using (var db = fx.Company(Company, "michele"))
        {
            var job = await db.Jobs.SingleAsync(j => j.Id == _jobIds[5]);
            deletedNumber = job.Number;
            db.Jobs.Remove(job);
            await db.SaveChangesAsync();
        }
        var (scope, jobs) = await AsAsync("walter");
        await using var _ = scope;

        var deleted = await jobs.CompleteAsync(_jobIds);
        var missing = await jobs.CompleteAsync([_jobIds[1], 987_654]);

        Assert.Equal("This job has been deleted.", deleted.JobErrors[deletedNumber]);
        Assert.Equal("Nothing was changed: 1 of the 2 selected jobs cannot be completed. 1 no longer exists.", missing.Message);
        Assert.Equal("Select at least one job.", (await jobs.CompleteAsync([])).Message);
        Assert.DoesNotContain(await JobsAsync(), j => j.Status == JobStatus.Completed);
    }
}
