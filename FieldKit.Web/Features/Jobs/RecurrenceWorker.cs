using FieldKit.Data.Company;
using FieldKit.Domain.Companies;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Jobs;

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

    /// <summary>Completes when the run at start has finished (successfully or not).</summary>
    public Task FirstRun => _firstRun.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            finally
            {
                _firstRun.TrySetResult();
            }
            using var timer = new PeriodicTimer(Interval, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await RunDueAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
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
