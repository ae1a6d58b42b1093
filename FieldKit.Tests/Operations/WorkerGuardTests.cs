using FieldKit.Data.Company;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web;
using FieldKit.Web.Features.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FieldKit.Tests.Operations;

/// <summary>A background worker whose pass throws logs it and runs again at its next tick; the worker never dies.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class WorkerGuardTests(DataFixture fx) : IAsyncLifetime
{
    public Task InitializeAsync() => fx.ResetToDemoAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_recurrence_pass_that_throws_is_logged_and_the_next_tick_runs_again()
    {
        // 23:30 in New York on March 1st: the failing pass is the last of the day, the retry the first of the next.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 4, 30, 0, TimeSpan.Zero));
        var options = new FlakyOptions();
        var logger = new TestLogger<RecurrenceWorker>();
        using var worker = new RecurrenceWorker(fx.Catalogue, fx.Services.GetRequiredService<CompanyDbContextFactory>(),
            clock, options, logger);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await worker.StartAsync(timeout.Token);
        var first = await worker.Runs.ReadAsync(timeout.Token);
        Assert.True(first.Completed);
        Assert.Equal(4, first.Created.Count); // every company generated at start

        // The next pass meets a broken dependency (here its options; in life a config reload, a clock, a bug).
        options.FailNextRead = true;
        clock.Advance(RecurrenceWorker.Interval);
        var failed = await worker.Runs.ReadAsync(timeout.Token);
        Assert.False(failed.Completed);
        var error = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.IsType<InvalidOperationException>(error.Exception);
        Assert.Contains("Recurring job generation failed", error.Message);
        Assert.False(worker.ExecuteTask!.IsCompleted, "the worker's loop ended");

        // The tick after runs again and does the new day's work.
        clock.Advance(RecurrenceWorker.Interval);
        var again = await worker.Runs.ReadAsync(timeout.Token);
        Assert.True(again.Completed);
        Assert.Equal(4, again.Created.Count);
        Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);

        await worker.StopAsync(CancellationToken.None);
        Assert.True(worker.ExecuteTask.IsCompletedSuccessfully);
    }

    /// <summary>Options whose next read throws once when armed.</summary>
    private sealed class FlakyOptions : IOptions<FieldKitOptions>
    {
        private readonly FieldKitOptions _value = new();
        public bool FailNextRead { get; set; }

        public FieldKitOptions Value
        {
            get
            {
                if (!FailNextRead) return _value;
                FailNextRead = false;
                throw new InvalidOperationException("configuration could not be read");
            }
        }
    }
}
