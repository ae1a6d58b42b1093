using System.Threading.Channels;
using FieldKit.Data.Company;
using FieldKit.Data.Core;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Sales;
using FieldKit.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Dormancy;

public enum DormancyWorkerEventKind
{
    /// <summary>A company's daily scan ran (<see cref="DormancyWorkerEvent.Scan"/>).</summary>
    Scanned,
    ScanFailed,
    /// <summary>The weekly report ran for <see cref="DormancyWorkerEvent.Date"/> (a Monday); <see cref="DormancyWorkerEvent.Report"/> says what it sent.</summary>
    Reported,
    ReportFailed,
    /// <summary>Sleeping until <see cref="DormancyWorkerEvent.NextRun"/>; the timer is already set.</summary>
    Waiting,
}

public sealed record DormancyWorkerEvent(
    DormancyWorkerEventKind Kind,
    DateTimeOffset At,
    string? Company = null,
    DateOnly? Date = null,
    DormancyScanResult? Scan = null,
    DormancyReportResult? Report = null,
    Exception? Error = null,
    DateTimeOffset? NextRun = null);

/// <summary>FieldKit:Dormancy: Enabled (default true) switches the 06:00 scan and the Monday report on or off.</summary>
public sealed class DormancyOptions
{
    public const string Section = "FieldKit:Dormancy";
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// The dormancy schedule, in company time (FieldKit:TimeZone) from TimeProvider: every company's scan daily at 06:00,
/// the weekly notes report on Mondays at 08:00. On start it catches up: today's scan when 06:00 has passed, and this
/// week's report when Monday 08:00 has passed (the report's job_runs claims make that at most once per recipient).
/// Between runs it sleeps until the next due instant. A failure is logged, retried after <see cref="RetryInterval"/>,
/// and never stops the host. Acts as <see cref="Actor"/>.
/// </summary>
public sealed class DormancyWorker(
    CompanyCatalogue catalogue,
    CompanyDbContextFactory factory,
    IDbContextFactory<CoreDbContext> coreFactory,
    DormancyWeeklyReport report,
    TimeProvider clock,
    IOptions<FieldKitOptions> options,
    IOptions<DormancyOptions> dormancyOptions,
    ILogger<DormancyWorker> logger) : BackgroundService
{
    public const string Actor = "system:dormancy";
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, DateOnly> _scannedFor = new(StringComparer.Ordinal);
    private DateOnly? _reportedFor;

    // Nobody reads it in production: bounded, oldest dropped.
    private readonly Channel<DormancyWorkerEvent> _events = Channel.CreateBounded<DormancyWorkerEvent>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });

    /// <summary>What the loop did, in order (tests, diagnostics).</summary>
    public ChannelReader<DormancyWorkerEvent> Events => _events.Reader;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!dormancyOptions.Value.Enabled)
        {
            logger.LogInformation("Dormancy scan and weekly report disabled ({Section}:Enabled = false)", DormancyOptions.Section);
            return;
        }
        await Task.Yield();
        var zone = CompanyTime.Zone(options.Value);
        try
        {
            while (true)
            {
                var now = clock.GetUtcNow();
                DateTimeOffset next;
                try
                {
                    var failed = await RunDueAsync(now, stoppingToken);
                    next = Min(DormancySchedule.NextScan(now, zone), DormancySchedule.NextReport(now, zone));
                    if (failed && now + RetryInterval < next) next = now + RetryInterval;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Dormancy schedule failed; retrying in {Retry}", RetryInterval);
                    next = now + RetryInterval;
                }
                var delay = next - clock.GetUtcNow();
                // The timer is set before the event says so: a test advancing a fake clock after seeing it cannot race it.
                var wait = Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, clock, stoppingToken);
                Publish(new DormancyWorkerEvent(DormancyWorkerEventKind.Waiting, now, NextRun: next));
                await wait;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    /// <summary>Runs whatever is due at <paramref name="now"/> and not yet done by this instance. Returns true when something failed.</summary>
    public async Task<bool> RunDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var zone = CompanyTime.Zone(options.Value);
        var failed = false;
        if (DormancySchedule.ScanDue(now, zone, out var today))
        {
            foreach (var company in catalogue.All)
            {
                if (_scannedFor.TryGetValue(company.Code, out var done) && done == today) continue;
                try
                {
                    DormancyScanResult result;
                    await using (var db = factory.Create(company.Code, Actor))
                        result = await DormancyScan.RunAsync(db, company, today, now, ct);
                    await using (var core = await coreFactory.CreateDbContextAsync(ct))
                        await DormancyScan.RecordAsync(core, result, now, ct);
                    _scannedFor[company.Code] = today;
                    if (result.Opened + result.Resolved > 0)
                        logger.LogInformation("Dormancy scan of {Company} for {Date}: {Outcome} ({Ms} ms)",
                            company.Code, today, result.Outcome, (int)result.Elapsed.TotalMilliseconds);
                    Publish(new DormancyWorkerEvent(DormancyWorkerEventKind.Scanned, now, company.Code, today, Scan: result));
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    logger.LogError(ex, "Dormancy scan of {Company} for {Date} failed; retrying in {Retry}", company.Code, today, RetryInterval);
                    Publish(new DormancyWorkerEvent(DormancyWorkerEventKind.ScanFailed, now, company.Code, today, Error: ex));
                    failed = true;
                }
            }
        }

        var monday = DormancySchedule.ReportWeek(now, zone);
        if (_reportedFor != monday)
        {
            try
            {
                var result = await report.SendAsync(monday, now, ct);
                _reportedFor = monday;
                Publish(new DormancyWorkerEvent(DormancyWorkerEventKind.Reported, now, Date: monday, Report: result));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogError(ex, "Dormancy weekly report for {Monday} failed; retrying in {Retry}", monday, RetryInterval);
                Publish(new DormancyWorkerEvent(DormancyWorkerEventKind.ReportFailed, now, Date: monday, Error: ex));
                failed = true;
            }
        }
        return failed;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private void Publish(DormancyWorkerEvent e) => _events.Writer.TryWrite(e);
}

public static class DormancyServices
{
    /// <summary>The report and the hosted schedule (DormancyService itself is in AddFeatureServices).</summary>
    public static IServiceCollection AddDormancy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DormancyOptions>().Bind(configuration.GetSection(DormancyOptions.Section));
        services.AddSingleton<DormancyWeeklyReport>();
        services.AddSingleton<DormancyWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<DormancyWorker>());
        return services;
    }
}
