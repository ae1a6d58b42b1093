using System.Globalization;
using FieldKit.Domain.Entities;
using FieldKit.Web.Features.Jobs;

namespace FieldKit.Web.Features.Mail;

/// <summary>How the outbox pages show times and states: company time zone, US format.</summary>
internal static class OutboxFormat
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    public static string Time(DateTimeOffset? at, FieldKitOptions options) =>
        at is { } value ? TimeZoneInfo.ConvertTime(value, CompanyTime.Zone(options)).ToString("MM/dd/yyyy h:mm tt", Us) : "—";

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", Us) + " KB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.#", Us) + " MB",
    };

    public static MudBlazor.Color Color(MailStatus status) => status switch
    {
        MailStatus.Sent => MudBlazor.Color.Success,
        MailStatus.Failed => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Warning,
    };

    /// <summary>"Pending · next try 10:42 AM" tells a waiting retry from new mail.</summary>
    public static string State(MailStatus status, int attempts, DateTimeOffset? next, FieldKitOptions options) => status switch
    {
        MailStatus.Pending when attempts > 0 && next is not null => $"Pending · try {attempts + 1} after {Time(next, options)}",
        MailStatus.Failed => $"Failed after {attempts} attempt{(attempts == 1 ? "" : "s")}",
        _ => status.ToString(),
    };
}
