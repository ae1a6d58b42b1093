using System.Globalization;

namespace FieldKit.Domain.Sales;

/// <summary>Why a customer went quiet, as the salesperson logs it.</summary>
public enum DormancyReason { Price, Quality, SwitchedVendor, PropertySold, Seasonal, Other }

public static class DormancyReasons
{
    public static IReadOnlyList<DormancyReason> All { get; } = Enum.GetValues<DormancyReason>();

    public static string Label(DormancyReason reason) => reason switch
    {
        DormancyReason.Price => "Price",
        DormancyReason.Quality => "Quality",
        DormancyReason.SwitchedVendor => "Switched vendor",
        DormancyReason.PropertySold => "Property sold",
        DormancyReason.Seasonal => "Seasonal",
        _ => "Other",
    };

    /// <summary>The label of a stored reason (the enum name); unknown text is shown as it is.</summary>
    public static string Label(string? stored) =>
        stored is null ? "" : Enum.TryParse<DormancyReason>(stored, out var r) ? Label(r) : stored;
}

/// <summary>
/// When a customer counts as dormant. A customer is dormant when its latest non-cancelled job (past or future) is
/// older than the threshold: strictly more than <c>weeks × 7</c> days before today. Because that latest job may lie
/// in the future, "nothing scheduled ahead" is part of the same test. A customer with no non-cancelled job at all was
/// never active and is not dormant (see docs/decisions/011-dormancy-scan.md).
/// </summary>
public static class DormancyRules
{
    public const int MinWeeks = 1;
    public const int MaxWeeks = 52;
    public const int NoteMaxLength = 2000;

    /// <summary>The latest job date that still counts as quiet: a last job strictly before this day is dormant.</summary>
    public static DateOnly Cutoff(DateOnly today, int weeks) => today.AddDays(-7 * weeks);

    public static bool IsDormant(DateOnly? lastJob, DateOnly today, int weeks) =>
        lastJob is { } last && last < Cutoff(today, weeks);

    /// <summary>Whole weeks since the last job (0 when none or in the future).</summary>
    public static int WeeksQuiet(DateOnly? lastJob, DateOnly today) =>
        lastJob is { } last && last < today ? (today.DayNumber - last.DayNumber) / 7 : 0;

    /// <summary>"Oakwood Apartments — No jobs scheduled in 4 weeks".</summary>
    public static string Headline(string propertyName, DateOnly? lastJob, DateOnly today)
    {
        var weeks = WeeksQuiet(lastJob, today);
        return $"{propertyName} — No jobs scheduled in {weeks} {(weeks == 1 ? "week" : "weeks")}";
    }

    public static string? CheckWeeks(int? weeks) =>
        weeks is null ? "Enter the number of weeks."
        : weeks < MinWeeks || weeks > MaxWeeks ? $"Enter between {MinWeeks} and {MaxWeeks} weeks."
        : null;

    public static string DateText(DateOnly date) => date.ToString("MMM d, yyyy", CultureInfo.GetCultureInfo("en-US"));
}

/// <summary>
/// When the dormancy jobs are due, in company time: the scan daily at 06:00, the weekly notes report on Mondays at
/// 08:00. Computed on local wall-clock times and converted to UTC, so a DST change moves the UTC instant, not the
/// local one.
/// </summary>
public static class DormancySchedule
{
    public static readonly TimeOnly ScanAt = new(6, 0);
    public static readonly TimeOnly ReportAt = new(8, 0);
    public const DayOfWeek ReportDay = DayOfWeek.Monday;

    /// <summary>The first 06:00 (company time) strictly after <paramref name="nowUtc"/>.</summary>
    public static DateTimeOffset NextScan(DateTimeOffset nowUtc, TimeZoneInfo zone)
    {
        var local = Local(nowUtc, zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        for (var i = 0; i < 3; i++)
        {
            var at = ToUtc(day.AddDays(i), ScanAt, zone);
            if (at > nowUtc) return at;
        }
        throw new InvalidOperationException("No 06:00 within three days.");
    }

    /// <summary>The first Monday 08:00 (company time) strictly after <paramref name="nowUtc"/>.</summary>
    public static DateTimeOffset NextReport(DateTimeOffset nowUtc, TimeZoneInfo zone)
    {
        var monday = ReportWeek(nowUtc, zone);
        for (var i = 0; i < 3; i++)
        {
            var at = ToUtc(monday.AddDays(7 * i), ReportAt, zone);
            if (at > nowUtc) return at;
        }
        throw new InvalidOperationException("No Monday 08:00 within three weeks.");
    }

    /// <summary>True once today's 06:00 (company time) has passed; <paramref name="today"/> is the company date.</summary>
    public static bool ScanDue(DateTimeOffset nowUtc, TimeZoneInfo zone, out DateOnly today)
    {
        var local = Local(nowUtc, zone);
        today = DateOnly.FromDateTime(local.DateTime);
        return nowUtc >= ToUtc(today, ScanAt, zone);
    }

    /// <summary>
    /// The Monday of the latest report due at or before <paramref name="nowUtc"/>: this week's Monday once its 08:00 has
    /// passed, else the Monday before. A report is sent for that Monday if it has not been (the job_runs claim decides).
    /// </summary>
    public static DateOnly ReportWeek(DateTimeOffset nowUtc, TimeZoneInfo zone)
    {
        var local = DateOnly.FromDateTime(Local(nowUtc, zone).DateTime);
        var monday = local.AddDays(-(((int)local.DayOfWeek - (int)ReportDay + 7) % 7));
        return nowUtc >= ToUtc(monday, ReportAt, zone) ? monday : monday.AddDays(-7);
    }

    /// <summary>The week a Monday's report covers: the seven days before it, midnight to midnight company time, as UTC.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) ReportWindow(DateOnly monday, TimeZoneInfo zone) =>
        (ToUtc(monday.AddDays(-7), TimeOnly.MinValue, zone), ToUtc(monday, TimeOnly.MinValue, zone));

    public static DateTimeOffset Local(DateTimeOffset utc, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(utc, zone);

    /// <summary>A company wall-clock time as UTC. A time skipped by a DST change counts as the first minute after the gap.</summary>
    public static DateTimeOffset ToUtc(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        // An ambiguous time (fall back) is the first of the two: the daylight one.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
