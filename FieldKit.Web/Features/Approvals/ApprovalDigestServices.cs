using FieldKit.Domain.Approvals;

namespace FieldKit.Web.Features.Approvals;

public static class ApprovalDigestServices
{
    /// <summary>The noon approval digest (service + hosted worker) and the checks on its settings.</summary>
    public static IServiceCollection AddApprovalDigest(this IServiceCollection services)
    {
        services.AddSingleton<ApprovalDigest>();
        services.AddSingleton<IApprovalDigest>(sp => sp.GetRequiredService<ApprovalDigest>());
        services.AddSingleton<ApprovalDigestWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ApprovalDigestWorker>());
        services.AddOptions<FieldKitOptions>()
            .Validate(o => DigestSchedule.TryParseTime(o.DigestTime, out _),
                "FieldKit:DigestTime must be a time of day on the 24-hour clock, like 12:00")
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone ?? "", out _),
                "FieldKit:TimeZone must be a time zone id, like America/New_York")
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps),
                "FieldKit:PublicBaseUrl must be an absolute http(s) address, like https://fieldkit.example.com")
            .ValidateOnStart();
        return services;
    }
}
