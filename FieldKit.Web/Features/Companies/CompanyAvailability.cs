using System.Collections.Concurrent;
using FieldKit.Domain.Companies;
using Npgsql;

namespace FieldKit.Web.Features.Companies;

/// <summary>
/// Which databases answer right now: core and each company. Probed every 15 s while all are up, every
/// 2 s while any is down, and at once when a screen reports a failed query (<see cref="ReportFailure"/>).
/// The switcher shows a down company as unavailable; the layout's banner names it; screens waiting on it
/// reload when it answers again.
/// </summary>
public sealed class CompanyAvailability(CompanyCatalogue catalogue, IConfiguration configuration, ILogger<CompanyAvailability> logger)
    : BackgroundService
{
    /// <summary>The key of fieldkit_core in <see cref="IsAvailable"/>.</summary>
    public const string Core = "core";

    public static readonly TimeSpan HealthyInterval = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan OutageInterval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, bool> _up = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly string? _coreConnectionString = configuration.GetConnectionString("Core");

    public event Action? Changed;

    public bool IsAvailable(string company) => _up.GetValueOrDefault(company, true);

    public bool AnyDown => _up.Values.Any(up => !up);

    /// <summary>A screen's query failed as if a database were gone: forget pooled connections and probe now.</summary>
    public void ReportFailure()
    {
        // Connections pooled before a server restart are dead; the next query must open a fresh one.
        NpgsqlConnection.ClearAllPools();
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ProbeAllAsync(stoppingToken);
                await _wake.WaitAsync(AnyDown ? OutageInterval : HealthyInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Never let the watcher die: it is what tells screens the database is back.
                logger.LogError(ex, "Database availability probe failed; retrying");
                try
                {
                    await Task.Delay(OutageInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    public async Task ProbeAllAsync(CancellationToken ct)
    {
        var targets = catalogue.All.Select(c => (c.Code, c.ConnectionString)).ToList();
        if (_coreConnectionString is not null) targets.Insert(0, (Core, _coreConnectionString));
        var results = await Task.WhenAll(targets.Select(async t => (t.Code, Up: await ProbeConnectionAsync(t.ConnectionString, ct))));
        var changed = false;
        foreach (var (code, up) in results) changed |= Record(code, up);
        if (changed) Changed?.Invoke();
    }

    /// <summary>Probes one database (a company code or <see cref="Core"/>) now; true when it answers.</summary>
    public async Task<bool> ProbeAsync(string code, CancellationToken ct)
    {
        var connectionString = code == Core ? _coreConnectionString : catalogue.Find(code)?.ConnectionString;
        if (connectionString is null) return false;
        var up = await ProbeConnectionAsync(connectionString, ct);
        if (Record(code, up)) Changed?.Invoke();
        return up;
    }

    private bool Record(string code, bool up)
    {
        var was = _up.TryGetValue(code, out var previous) ? previous : (bool?)null;
        if (was == up) return false;
        _up[code] = up;
        if (!up)
            logger.LogWarning("Database {Database} is not reachable", code);
        else if (was == false)
            logger.LogInformation("Database {Database} is reachable again", code);
        return true;
    }

    /// <summary>How long a probe may take to connect and answer before it is tried once more, with <see cref="SlowProbeTimeout"/>.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The second try after a probe that only timed out. A busy server (or this process paused by a long garbage
    /// collection) can take more than 3 s to accept a new connection; calling that an outage showed every open tab the
    /// banner at 1,000 circuits (issue #10). A refused connection or a server shutting down is an outage at once.
    /// </summary>
    public TimeSpan SlowProbeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    private enum ProbeOutcome { Up, Failed, TimedOut }

    private async Task<bool> ProbeConnectionAsync(string connectionString, CancellationToken ct) =>
        await ProbeOnceAsync(connectionString, ProbeTimeout, ct) switch
        {
            ProbeOutcome.Up => true,
            ProbeOutcome.TimedOut => await ProbeOnceAsync(connectionString, SlowProbeTimeout, ct) == ProbeOutcome.Up,
            _ => false,
        };

    private static async Task<ProbeOutcome> ProbeOnceAsync(string connectionString, TimeSpan limit, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        try
        {
            // Unpooled: a pooled connection opened before an outage would say nothing about the server now.
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = Math.Max(1, (int)Math.Ceiling(limit.TotalSeconds)) };
            await using var conn = new NpgsqlConnection(builder.ConnectionString);
            timeout.CancelAfter(limit);
            await conn.OpenAsync(timeout.Token);
            await using var cmd = new NpgsqlCommand("SELECT 1", conn);
            await cmd.ExecuteScalarAsync(timeout.Token);
            return ProbeOutcome.Up;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && (ex is OperationCanceledException or TimeoutException
                                   || ex is NpgsqlException { InnerException: TimeoutException or OperationCanceledException }))
        {
            return ProbeOutcome.TimedOut;
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException or IOException)
        {
            return ProbeOutcome.Failed;
        }
    }
}
