using System.Globalization;
using FieldKit.Domain.Entities;

namespace FieldKit.Web.Features.Board;

/// <summary>How the board writes statuses, time windows and dates (US English, the companies' language).</summary>
public static class BoardText
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    public static string Status(JobStatus status) => status switch
    {
        JobStatus.InProgress => "In progress",
        _ => status.ToString(),
    };

    /// <summary>CSS modifier for the status chip: scheduled, in-progress, completed, invoiced, cancelled.</summary>
    public static string StatusClass(JobStatus status) => status switch
    {
        JobStatus.InProgress => "in-progress",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>"8:00–10:30 AM", "11:30 AM–1:00 PM", "From 9:00 AM", or "Any time".</summary>
    public static string Window(TimeOnly? start, TimeOnly? end) => (start, end) switch
    {
        ({ } s, { } e) when s.Hour < 12 == e.Hour < 12 => $"{s.ToString("h:mm", Us)}–{e.ToString("h:mm tt", Us)}",
        ({ } s, { } e) => $"{s.ToString("h:mm tt", Us)}–{e.ToString("h:mm tt", Us)}",
        ({ } s, null) => $"From {s.ToString("h:mm tt", Us)}",
        (null, { } e) => $"By {e.ToString("h:mm tt", Us)}",
        _ => "Any time",
    };

    public static string Day(DateOnly date) => date.ToString("dddd, MMMM d, yyyy", Us);

    public static string ShortDay(DateOnly date) => date.ToString("ddd MMM d", Us);

    public static string Money(decimal amount) => amount.ToString("C0", Us);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? ParseIso(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static string Jobs(int count) => count == 1 ? "1 job" : $"{count} jobs";
}
