using System.Net;
using FieldKit.Data.Auditing;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace FieldKit.Web.Features.Operations;

/// <summary>Running in production: systemd, the nginx in front, metrics.</summary>
public static class OperationsServices
{
    /// <summary>Meters exported at /metrics: the app's own, ASP.NET Core's requests, Kestrel, circuits, Npgsql.</summary>
    public static readonly string[] ExportedMeters =
    [
        QueryMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Components.Server.Circuits", "Npgsql",
    ];

    public static WebApplicationBuilder AddFieldKitOperations(this WebApplicationBuilder builder)
    {
        // Type=notify: READY=1 once Kestrel listens, STOPPING on SIGTERM; a no-op outside systemd.
        builder.Host.UseSystemd();

        // nginx on the same machine is the only proxy whose X-Forwarded-* headers count
        // (FieldKit:KnownProxies, default 127.0.0.1 and ::1); anyone else's are ignored.
        var proxies = builder.Configuration.GetSection("FieldKit:KnownProxies").Get<string[]>() ?? ["127.0.0.1", "::1"];
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
            o.ForwardLimit = 1;
        });

        builder.Services.AddSingleton<FieldKitMetrics>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitOperations>());
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(ExportedMeters).AddPrometheusExporter());
        return builder;
    }

    /// <summary>First in the pipeline: the real client address and scheme before anything reads them.</summary>
    public static WebApplication UseFieldKitProxyAndMetrics(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<RequestMetricsMiddleware>();
        // /metrics answers the machine itself only; through nginx the client address is not loopback.
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/metrics"), branch => branch.Use(async (http, next) =>
        {
            if (http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip) && !http.Request.Headers.ContainsKey("X-Forwarded-For"))
                await next(http);
            else
                http.Response.StatusCode = StatusCodes.Status404NotFound;
        }));
        app.MapPrometheusScrapingEndpoint("/metrics");
        // For `./fieldkit load` only (off unless FieldKit:LoadDiagnostics=true; loopback only, like /metrics):
        // the process's memory and CPU, after a forced full GC when ?gc=true, so memory per circuit can be measured.
        // A forced GC leaves the regions it emptied committed and hands them back to the OS a little at a time, so the
        // figures are also taken after an aggressive GC, which returns them at once: what the process needs to hold.
        if (app.Configuration.GetValue<bool>("FieldKit:LoadDiagnostics"))
        {
            app.MapPost("/metrics/process", (bool? gc) =>
            {
                if (gc == true)
                {
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                }
                using var process = System.Diagnostics.Process.GetCurrentProcess();
                var (rss, committed) = (process.WorkingSet64, GC.GetGCMemoryInfo().TotalCommittedBytes);
                long? rssAfterDecommit = null, committedAfterDecommit = null;
                if (gc == true)
                {
                    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    process.Refresh();
                    (rssAfterDecommit, committedAfterDecommit) = (process.WorkingSet64, GC.GetGCMemoryInfo().TotalCommittedBytes);
                }
                return Results.Json(new
                {
                    RssBytes = rss, GcHeapBytes = GC.GetTotalMemory(false), GcCommittedBytes = committed,
                    RssAfterDecommitBytes = rssAfterDecommit, GcCommittedAfterDecommitBytes = committedAfterDecommit,
                    CpuMs = process.TotalProcessorTime.TotalMilliseconds, Threads = process.Threads.Count,
                });
            }).AllowAnonymous().DisableAntiforgery();
        }
        return app;
    }
}
