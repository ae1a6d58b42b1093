using System.Threading.Channels;
using FieldKit.Domain.Approvals;
using FieldKit.Web.Features.Jobs;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Approvals;

public enum DigestWorkerEventKind
{
    /// <summary>Sleeping until <see cref="DigestWorkerEvent.NextRun"/> (the timer is already set).</summary>
    Waiting,
    /// <summary>The day's run finished; <see cref="DigestWorkerEvent.Result"/> says what it did.</summary>
    Ran,
    /// <summary>The day's run was due but already done (by this or another instance): nothing sent.</summary>
    AlreadyDone,
    /// <summary>The run threw (logged); it is retried after <see cref="ApprovalDigestWorker.RetryInterval"/> while the day lasts.</summary>
    Failed,
}

public sealed record DigestWorkerEvent(
    DigestWorkerEventKind Kind,
    DateOnly? Date,
    ApprovalDigestResult? Result = null,
    Exception? Error = null,
    DateTimeOffset? NextRun = null);

/// <summary>
/// Runs the approval digest every day at FieldKit:DigestTime (12:00) in FieldKit:TimeZone, from TimeProvider.
/// On start it runs the day's digest when the time has passed and the day is not done (the app was down at noon);
/// then it sleeps until the next run instant (<see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/>).
/// A run that throws is logged, retried every <see cref="RetryInterval"/> while that day lasts, and never stops the host.
/// Exactly-once per recipient and day is <see cref="ApprovalDigest"/>'s claim, not this loop's.
/// </summary>
public sealed class ApprovalDigestWorker(
    IApprovalDigest digest,
    TimeProvider clock,
    IOptions<FieldKitOptions> options,
    ILogger<ApprovalDigestWorker> logger) : BackgroundService
{
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMinutes(5);

    // Nobody reads it in production: bounded, oldest dropped.
    private readonly Channel<DigestWorkerEvent> _events = Channel.CreateBounded<DigestWorkerEvent>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true });

    /// <summary>What the loop did, in order (for tests and diagnostics): runs, skips, failures, and each wait with its wake-up instant.</summary>
    public ChannelReader<DigestWorkerEvent> Events => _events.Reader;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.DigestEnabled)
        {
            logger.LogInformation("Approval digest disabled (FieldKit:DigestEnabled = false)");
            return;
        }
        if (!DigestSchedule.TryParseTime(o.DigestTime, out var at))
        {
            logger.LogError("Approval digest not scheduled: FieldKit:DigestTime '{DigestTime}' is not a time of day like 12:00", o.DigestTime);
            return;
        }
        var zone = CompanyTime.Zone(o);
        await Task.Yield();
        try
        {
            while (true)
            {
                var now = clock.GetUtcNow();
                var failed = await RunIfDueAsync(now, zone, at, stoppingToken);
                var next = DigestSchedule.NextRun(now, zone, at);
                if (failed && now + RetryInterval < next) next = now + RetryInterval;
                var delay = next - clock.GetUtcNow();
                // The timer is set before the event says so: whoever advances a fake clock after seeing it cannot race it.
                var wait = Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, clock, stoppingToken);
                Publish(new DigestWorkerEvent(DigestWorkerEventKind.Waiting, null, NextRun: next));
                await wait;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    /// <summary>Runs the day of <paramref name="now"/> when its time has come and it is not done. Returns true when the run failed.</summary>
    private async Task<bool> RunIfDueAsync(DateTimeOffset now, TimeZoneInfo zone, TimeOnly at, CancellationToken ct)
    {
        if (!DigestSchedule.IsDue(now, zone, at)) return false;
        var date = DigestSchedule.LocalDate(now, zone);
        try
        {
            if (await digest.IsDoneAsync(date, ct))
            {
                Publish(new DigestWorkerEvent(DigestWorkerEventKind.AlreadyDone, date));
                return false;
            }
            var result = await digest.RunAsync(date, ct);
            Publish(new DigestWorkerEvent(DigestWorkerEventKind.Ran, date, result));
            return false;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Approval digest for {Date} failed; retrying in {Retry} while the day lasts", date, RetryInterval);
            Publish(new DigestWorkerEvent(DigestWorkerEventKind.Failed, date, Error: ex));
            return true;
        }
    }

    private void Publish(DigestWorkerEvent e) => _events.Writer.TryWrite(e);
}
