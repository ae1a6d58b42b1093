using System.Text.Json;
using FieldKit.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FieldKit.Web.Features.Operations;

public static class HealthChecks
{
    /// <summary>Core down is Unhealthy; one company down is Degraded and named, so the others keep serving.</summary>
    public static IServiceCollection AddFieldKitHealthChecks(this IServiceCollection services, IConfiguration config)
    {
        var checks = services.AddHealthChecks()
            .AddNpgSql(FieldKit.Data.DependencyInjection.CoreConnectionString(config), name: "core",
                failureStatus: HealthStatus.Unhealthy, tags: ["ready"], timeout: TimeSpan.FromSeconds(3));
        foreach (var company in FieldKit.Data.DependencyInjection.LoadCatalogue(config).All)
            checks.AddNpgSql(company.ConnectionString, name: company.Code,
                failureStatus: HealthStatus.Degraded, tags: ["ready"], timeout: TimeSpan.FromSeconds(3));
        return services;
    }

    public static void MapFieldKitHealthChecks(this WebApplication app)
    {
        var ready = new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteJson };
        app.MapHealthChecks("/health", ready);
        app.MapHealthChecks("/health/ready", ready);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson });
    }

    private static Task WriteJson(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            databases = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                error = e.Value.Exception?.Message,
            }),
        }));
    }
}
