using System.Globalization;

namespace FieldKit.Domain.Approvals;

/// <summary>
/// When the noon approval digest runs: once a day at a local time of day (FieldKit:DigestTime, 12:00) in the
/// companies' time zone (FieldKit:TimeZone). All instants are UTC; the local date is the digest's "day".
/// </summary>
/// <remarks>
/// A configured time that does not exist on a day (02:30 on the spring-forward day) runs at the instant it would have
/// been without the change (03:30 daylight time); a time that occurs twice (01:30 on the fall-back day) runs at the
/// first occurrence. Noon is never affected in America/New_York: the changes happen at 02:00.
/// </remarks>
public static class DigestSchedule
{
    public static readonly TimeOnly DefaultTime = new(12, 0);

    private static readonly string[] TimeFormats = ["H:mm", "HH:mm", "H:mm:ss", "HH:mm:ss"];

    /// <summary>"12:00", "9:30", "13:15:00" (24-hour clock).</summary>
    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact((text ?? "").Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>The digest's day: the calendar date in <paramref name="zone"/> at <paramref name="now"/>.</summary>
    public static DateOnly LocalDate(DateTimeOffset now, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    /// <summary>The UTC instant of <paramref name="date"/>'s run.</summary>
    public static DateTimeOffset RunInstant(DateOnly date, TimeZoneInfo zone, TimeOnly at)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(at, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
            offset = zone.GetUtcOffset(local.AddDays(-1));           // skipped by spring-forward: the offset before the gap
        else if (zone.IsAmbiguousTime(local))
            offset = zone.GetAmbiguousTimeOffsets(local).Max();     // repeated by fall-back: the first occurrence
        else
            offset = zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>Whether today's run time (local date of <paramref name="now"/>) has been reached.</summary>
    public static bool IsDue(DateTimeOffset now, TimeZoneInfo zone, TimeOnly at) =>
        now >= RunInstant(LocalDate(now, zone), zone, at);

    /// <summary>The first run instant strictly after <paramref name="now"/> (today's if still ahead, else tomorrow's).</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeZoneInfo zone, TimeOnly at)
    {
        var today = LocalDate(now, zone);
        var instant = RunInstant(today, zone, at);
        return instant > now ? instant : RunInstant(today.AddDays(1), zone, at);
    }
}
