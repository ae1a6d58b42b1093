using System.Diagnostics.Metrics;
using FieldKit.Data.Auditing;

namespace FieldKit.Web.Features.Operations;

/// <summary>
/// The app's own instruments on the "FieldKit" meter (with <see cref="QueryMetrics"/>' query durations):
/// active circuits and requests. Read them with `dotnet-counters monitor -n FieldKit.Web --counters FieldKit`
/// or scrape /metrics (Prometheus text, loopback only) beside ASP.NET Core's, Kestrel's and Npgsql's meters.
/// </summary>
public sealed class FieldKitMetrics : IDisposable
{
    private readonly Meter _meter;

    public FieldKitMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(QueryMetrics.MeterName);
        ActiveCircuits = _meter.CreateUpDownCounter<long>("fieldkit.circuits.active", unit: "{circuit}",
            description: "Blazor circuits open now");
        Requests = _meter.CreateCounter<long>("fieldkit.requests", unit: "{request}",
            description: "HTTP requests handled, by company and status code");
    }

    public UpDownCounter<long> ActiveCircuits { get; }
    public Counter<long> Requests { get; }

    public void Dispose() => _meter.Dispose();
}

/// <summary>Counts every request with its company (or "-") and status code.</summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next, FieldKitMetrics metrics)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        finally
        {
            metrics.Requests.Add(1,
                new KeyValuePair<string, object?>("company", Companies.CompanyRouteMiddleware.CompanyOf(http) ?? "-"),
                new KeyValuePair<string, object?>("status", http.Response.StatusCode));
        }
    }
}
