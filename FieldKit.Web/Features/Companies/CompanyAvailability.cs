using System.Collections.Concurrent;
using FieldKit.Domain.Companies;
using Npgsql;

namespace FieldKit.Web.Features.Companies;

/// <summary>
/// Which company databases answer right now, probed every 15 s. The switcher shows a down company as
/// unavailable instead of failing the page; banners read it too.
/// </summary>
public sealed class CompanyAvailability(CompanyCatalogue catalogue, ILogger<CompanyAvailability> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, bool> _up = new();

    public event Action? Changed;

    public bool IsAvailable(string company) => _up.GetValueOrDefault(company, true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15));
        try
        {
            do
            {
                await ProbeAllAsync(stoppingToken);
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutting down.
        }
    }

    public async Task ProbeAllAsync(CancellationToken ct)
    {
        var changed = false;
        foreach (var company in catalogue.All)
        {
            var up = await ProbeAsync(company, ct);
            if (_up.TryGetValue(company.Code, out var was) && was == up) continue;
            _up[company.Code] = up;
            changed = true;
            if (!up) logger.LogWarning("Company database {Company} is not reachable", company.Code);
        }
        if (changed) Changed?.Invoke();
    }

    private static async Task<bool> ProbeAsync(CompanyInfo company, CancellationToken ct)
    {
        try
        {
            await using var conn = new NpgsqlConnection(company.ConnectionString);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await conn.OpenAsync(timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
