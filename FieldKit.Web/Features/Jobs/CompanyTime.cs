using System.Collections.Concurrent;

namespace FieldKit.Web.Features.Jobs;

/// <summary>"Today" for the companies: the calendar date in the configured time zone (FieldKit:TimeZone), from TimeProvider.</summary>
public static class CompanyTime
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    public static TimeZoneInfo Zone(FieldKitOptions options) =>
        Zones.GetOrAdd(string.IsNullOrWhiteSpace(options.TimeZone) ? "America/New_York" : options.TimeZone, TimeZoneInfo.FindSystemTimeZoneById);

    public static DateTimeOffset Now(TimeProvider clock, FieldKitOptions options) =>
        TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone(options));

    public static DateOnly Today(TimeProvider clock, FieldKitOptions options) =>
        DateOnly.FromDateTime(Now(clock, options).DateTime);
}
