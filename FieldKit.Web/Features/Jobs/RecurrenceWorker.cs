using System.Threading.Channels;
using FieldKit.Data.Company;
using FieldKit.Domain.Companies;
using FieldKit.Web.Features.Operations;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Jobs;

/// <summary>One pass of the loop: <see cref="Completed"/> false when it threw (logged; the next tick retries).</summary>
public sealed record RecurrenceRun(DateTimeOffset At, bool Completed, IReadOnlyDictionary<string, int> Created);

/// <summary>
/// Keeps every company's recurring jobs generated 12 weeks ahead: once at start, then whenever the company date has
/// moved on (checked hourly). A failure is logged and retried at the next tick; it never stops the host. Acts as
/// "system:recurrence" (no user, so it builds its contexts with the factory directly).
/// </summary>
public sealed class RecurrenceWorker(
    CompanyCatalogue catalogue,
    CompanyDbContextFactory factory,
    TimeProvider clock,
    IOptions<FieldKitOptions> options,
    ILogger<RecurrenceWorker> logger) : BackgroundService
{
    public const string Actor = "system:recurrence";
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly Dictionary<string, DateOnly> _doneFor = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _firstRun = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Nobody reads it in production: bounded, oldest dropped.
    private readonly Channel<RecurrenceRun> _runs = Channel.CreateBounded<RecurrenceRun>(
        new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true });

    /// <summary>Completes when the run at start has finished (successfully or not).</summary>
    public Task FirstRun => _firstRun.Task;

    /// <summary>Each pass of the loop, in order (tests, diagnostics).</summary>
    public ChannelReader<RecurrenceRun> Runs => _runs.Reader;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            // The timer exists before the first pass is reported: a test advancing a fake clock after it cannot race it.
            using var timer = new PeriodicTimer(Interval, clock);
            try
            {
                await RunGuardedAsync(stoppingToken);
            }
            finally
            {
                _firstRun.TrySetResult();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await RunGuardedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    /// <summary>One pass; anything it throws outside a company's own try (configuration, clock) is logged, not fatal.</summary>
    private async Task RunGuardedAsync(CancellationToken ct)
    {
        IReadOnlyDictionary<string, int> created = new Dictionary<string, int>();
        var completed = await WorkerGuard.RunAsync(logger, "Recurring job generation",
            async token => created = await RunDueAsync(token), ct);
        _runs.Writer.TryWrite(new RecurrenceRun(clock.GetUtcNow(), completed, created));
    }

    /// <summary>Generates for each company whose date has not been done yet; returns jobs created per company.</summary>
    public async Task<IReadOnlyDictionary<string, int>> RunDueAsync(CancellationToken ct)
    {
        var created = new Dictionary<string, int>(StringComparer.Ordinal);
        var today = CompanyTime.Today(clock, options.Value);
        foreach (var company in catalogue.All)
        {
            if (_doneFor.TryGetValue(company.Code, out var done) && done == today) continue;
            try
            {
                await using var db = factory.Create(company.Code, Actor);
                var count = await RecurrenceService.GenerateAsync(db, null, today, ct);
                _doneFor[company.Code] = today;
                created[company.Code] = count;
                if (count > 0)
                    logger.LogInformation("Generated {Count} recurring jobs for {Company} through {Horizon}",
                        count, company.Code, Domain.Jobs.RecurrenceSchedule.Horizon(today));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogError(ex, "Generating recurring jobs for {Company} failed; retrying within the hour", company.Code);
            }
        }
        return created;
    }
}
