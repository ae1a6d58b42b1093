using FieldKit.Tests.Infrastructure;
using FieldKit.Web;
using FieldKit.Web.Features.Approvals;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static FieldKit.Tests.Approvals.DigestHarness;

namespace FieldKit.Tests.Approvals;

/// <summary>
/// The hosted worker on a FakeTimeProvider against real databases: fires at noon New York time across both 2026
/// daylight-saving changes, catches up after being down at noon, does nothing on a restart once the day is done,
/// and survives a failing run. No sleeps: the worker reports each wait (after its timer is set) and each run.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class ApprovalDigestWorkerTests(DataFixture fx) : IAsyncLifetime
{
    private readonly List<ApprovalDigestWorker> _started = [];

    public async Task InitializeAsync()
    {
        await fx.ResetAsync();
        await fx.SeedDemoUsersAsync();
        // Kleanit Charlotte has one pending request: Walter and the three admins get a digest each day.
        await SubmitAsync(fx, "kleanit_charlotte", "Update Riverside phone number", new DateTimeOffset(2026, 1, 5, 15, 0, 0, TimeSpan.Zero));
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in _started)
        {
            await worker.StopAsync(CancellationToken.None);
            worker.Dispose();
        }
    }

    private async Task<ApprovalDigestWorker> StartAsync(IApprovalDigest digest, TimeProvider clock, ILogger<ApprovalDigestWorker>? logger = null)
    {
        var worker = Worker(digest, clock, logger);
        _started.Add(worker);
        await worker.StartAsync(CancellationToken.None);
        return worker;
    }

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0, int second = 0) =>
        new(2026, month, day, hour, minute, second, TimeSpan.Zero);

    private static string Subject(DateOnly date) =>
        $"FIELDKIT APPROVALS NEEDED ({date.ToString("M/d/yy", System.Globalization.CultureInfo.InvariantCulture)})";

    private static void AssertWaitingUntil(DigestWorkerEvent e, DateTimeOffset next)
    {
        Assert.Equal(DigestWorkerEventKind.Waiting, e.Kind);
        Assert.Equal(next, e.NextRun);
    }

    private static void AssertRan(DigestWorkerEvent e, DateOnly date, int mails)
    {
        Assert.True(e.Kind == DigestWorkerEventKind.Ran, $"expected a run for {date}, got {e.Kind} {e.Error}");
        Assert.Equal(date, e.Date);
        Assert.Equal(mails, e.Result!.MailsEnqueued);
    }

    public static TheoryData<DateTimeOffset, DateTimeOffset, DateTimeOffset> DaylightSavingChanges() => new()
    {
        // Saturday noon EST (17:00Z) → Sunday Mar 8 noon EDT (16:00Z, 23 h later) → Monday 16:00Z.
        { Utc(3, 7, 17), Utc(3, 8, 16), Utc(3, 9, 16) },
        // Saturday noon EDT (16:00Z) → Sunday Nov 1 noon EST (17:00Z, 25 h later) → Monday 17:00Z.
        { Utc(10, 31, 16), Utc(11, 1, 17), Utc(11, 2, 17) },
    };

    [Theory]
    [MemberData(nameof(DaylightSavingChanges))]
    public async Task Fires_at_noon_new_york_time_across_the_clock_change(DateTimeOffset saturdayNoon, DateTimeOffset sundayNoon, DateTimeOffset mondayNoon)
    {
        var clock = new FakeTimeProvider(saturdayNoon);
        var saturday = DateOnly.FromDateTime(saturdayNoon.UtcDateTime);
        var worker = await StartAsync(Digest(fx, clock), clock);

        // Started exactly at Saturday's noon: it runs Saturday, then waits for Sunday's noon.
        AssertRan(await worker.NextEventAsync(), saturday, mails: 4);
        AssertWaitingUntil(await worker.NextEventAsync(), sundayNoon);

        clock.SetUtcNow(sundayNoon - TimeSpan.FromMilliseconds(1));
        Assert.False(worker.Events.TryRead(out var early), $"nothing before noon, but got {early}");
        Assert.Equal(4, (await OutboxAsync(fx)).Count);

        clock.SetUtcNow(sundayNoon);
        AssertRan(await worker.NextEventAsync(), saturday.AddDays(1), mails: 4);
        AssertWaitingUntil(await worker.NextEventAsync(), mondayNoon);

        var subjects = (await OutboxAsync(fx)).Select(m => m.Subject).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal([Subject(saturday), Subject(saturday.AddDays(1))], subjects);
        Assert.All(await OutboxAsync(fx), m => Assert.True(m.CreatedAt == saturdayNoon || m.CreatedAt == sundayNoon));
    }

    [Fact]
    public async Task Started_before_noon_it_only_waits_for_noon()
    {
        var clock = new FakeTimeProvider(Utc(2, 10, 16)); // 11:00 EST
        var worker = await StartAsync(Digest(fx, clock), clock);

        AssertWaitingUntil(await worker.NextEventAsync(), Utc(2, 10, 17));
        Assert.Empty(await OutboxAsync(fx));
        Assert.Empty(await RunsAsync(fx));

        clock.Advance(TimeSpan.FromHours(1));
        AssertRan(await worker.NextEventAsync(), new DateOnly(2026, 2, 10), mails: 4);
    }

    [Fact]
    public async Task A_restart_at_12_00_30_after_the_run_sends_nothing()
    {
        var noon = Utc(2, 10, 17);
        var clock = new FakeTimeProvider(noon);
        var first = await StartAsync(Digest(fx, clock), clock);
        AssertRan(await first.NextEventAsync(), new DateOnly(2026, 2, 10), mails: 4);
        await first.StopAsync(CancellationToken.None);

        clock.SetUtcNow(noon.AddSeconds(30));
        var restarted = await StartAsync(Digest(fx, clock), clock);

        var e = await restarted.NextEventAsync();
        Assert.Equal(DigestWorkerEventKind.AlreadyDone, e.Kind);
        Assert.Equal(new DateOnly(2026, 2, 10), e.Date);
        AssertWaitingUntil(await restarted.NextEventAsync(), Utc(2, 11, 17));
        Assert.Equal(4, (await OutboxAsync(fx)).Count);
    }

    [Fact]
    public async Task Down_at_noon_it_sends_once_when_it_comes_back_that_day()
    {
        var clock = new FakeTimeProvider(Utc(2, 10, 17, 0, 30)); // 12:00:30, no run today
        var worker = await StartAsync(Digest(fx, clock), clock);

        AssertRan(await worker.NextEventAsync(), new DateOnly(2026, 2, 10), mails: 4);
        AssertWaitingUntil(await worker.NextEventAsync(), Utc(2, 11, 17));

        // A second instance coming up at 15:00 finds the day done.
        clock.SetUtcNow(Utc(2, 10, 20));
        var second = await StartAsync(Digest(fx, clock), clock);
        Assert.Equal(DigestWorkerEventKind.AlreadyDone, (await second.NextEventAsync()).Kind);
        Assert.Equal(4, (await OutboxAsync(fx)).Count);
    }

    [Fact]
    public async Task A_failing_run_is_logged_the_host_keeps_running_and_the_next_days_run_happens()
    {
        var clock = new FakeTimeProvider(Utc(2, 10, 17));
        var digest = new FlakyDigest(Digest(fx, clock)) { FailuresLeft = 1 };
        var log = new ListLogger<ApprovalDigestWorker>();
        var worker = await StartAsync(digest, clock, log);

        var failed = await worker.NextEventAsync();
        Assert.Equal(DigestWorkerEventKind.Failed, failed.Kind);
        Assert.IsType<InvalidOperationException>(failed.Error);
        var error = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal("core database unreachable", error.Exception!.Message);
        // Retried within the day.
        AssertWaitingUntil(await worker.NextEventAsync(), Utc(2, 10, 17, 5));
        Assert.Empty(await OutboxAsync(fx));

        // Still failing at the retry; the loop lives on.
        digest.FailuresLeft = 1;
        clock.Advance(ApprovalDigestWorker.RetryInterval);
        Assert.Equal(DigestWorkerEventKind.Failed, (await worker.NextEventAsync()).Kind);
        AssertWaitingUntil(await worker.NextEventAsync(), Utc(2, 10, 17, 10));
        Assert.Equal(2, log.Entries.Count(e => e.Level == LogLevel.Error));

        // Time jumps past the rest of Feb 10 (the pending retry wakes at Feb 11's noon): Feb 10 is over, Feb 11 runs.
        clock.SetUtcNow(Utc(2, 11, 17));
        AssertRan(await worker.NextEventAsync(), new DateOnly(2026, 2, 11), mails: 4);
        AssertWaitingUntil(await worker.NextEventAsync(), Utc(2, 12, 17));
        Assert.All(await OutboxAsync(fx), m => Assert.Equal("FIELDKIT APPROVALS NEEDED (2/11/26)", m.Subject));
    }

    [Fact]
    public async Task A_run_that_failed_at_noon_is_retried_and_sends_once()
    {
        var clock = new FakeTimeProvider(Utc(2, 10, 17));
        var digest = new FlakyDigest(Digest(fx, clock)) { FailuresLeft = 1 };
        var worker = await StartAsync(digest, clock);

        Assert.Equal(DigestWorkerEventKind.Failed, (await worker.NextEventAsync()).Kind);
        AssertWaitingUntil(await worker.NextEventAsync(), Utc(2, 10, 17, 5));

        clock.Advance(ApprovalDigestWorker.RetryInterval);
        AssertRan(await worker.NextEventAsync(), new DateOnly(2026, 2, 10), mails: 4);
        AssertWaitingUntil(await worker.NextEventAsync(), Utc(2, 11, 17));
        Assert.Equal(4, (await OutboxAsync(fx)).Count);
    }

    [Fact]
    public void The_app_registers_the_digest_and_its_worker_and_reads_the_settings()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = Path.Combine(TestConfiguration.RepositoryRoot, "FieldKit.Web"),
        });
        builder.Configuration.AddInMemoryCollection(TestConfiguration.ConnectionStrings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FieldKit:PublicBaseUrl"] = "https://fieldkit.example.com",
            ["FieldKit:LogDirectory"] = Path.Combine(Path.GetTempPath(), "fieldkit-test-logs"),
        });
        builder.AddFieldKit();
        using var app = builder.Build();

        Assert.IsType<ApprovalDigest>(app.Services.GetRequiredService<IApprovalDigest>());
        Assert.Single(app.Services.GetServices<IHostedService>().OfType<ApprovalDigestWorker>());
        var options = app.Services.GetRequiredService<IOptions<FieldKitOptions>>().Value;
        Assert.Equal(("12:00", "America/New_York", "https://fieldkit.example.com"), (options.DigestTime, options.TimeZone, options.PublicBaseUrl));
        // The in-process test app never mails on its own (appsettings.Testing.json).
        Assert.False(options.DigestEnabled);
    }

    [Fact]
    public void A_digest_time_that_is_not_a_time_stops_the_app_from_starting()
    {
        var services = new ServiceCollection();
        services.AddOptions<FieldKitOptions>().Configure(o => o.DigestTime = "noon");
        services.AddApprovalDigest();
        using var sp = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<FieldKitOptions>>().Value);
        Assert.Contains("FieldKit:DigestTime", ex.Message);
    }

    /// <summary>The real digest behind a dependency that fails while <see cref="FailuresLeft"/> is above zero.</summary>
    private sealed class FlakyDigest(IApprovalDigest inner) : IApprovalDigest
    {
        public int FailuresLeft { get; set; }

        public Task<bool> IsDoneAsync(DateOnly localDate, CancellationToken ct = default) => inner.IsDoneAsync(localDate, ct);

        public Task<ApprovalDigestResult> RunAsync(DateOnly localDate, CancellationToken ct = default)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new InvalidOperationException("core database unreachable");
            }
            return inner.RunAsync(localDate, ct);
        }
    }
}
