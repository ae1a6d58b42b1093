using FieldKit.Domain.Entities;

namespace FieldKit.Domain.Jobs;

/// <summary>
/// Occurrence dates of a recurrence. Dates are calendar dates in the company's time zone (DateOnly), so a
/// daylight-saving change never shifts a job to another day; the window keeps its local clock time.
/// </summary>
public static class RecurrenceSchedule
{
    public const int WeeksAhead = 12;

    /// <summary>Occurrences in [from, to], never before the start or after the end date.</summary>
    public static IEnumerable<DateOnly> Occurrences(JobRecurrence r, DateOnly from, DateOnly to)
    {
        var first = Max(from, r.StartDate);
        var last = r.EndDate is { } end ? Min(to, end) : to;
        if (first > last) yield break;

        switch (r.Kind)
        {
            case RecurrenceKind.EveryNWeeks:
            {
                var step = Math.Max(1, r.IntervalWeeks) * 7;
                var offset = (first.DayNumber - r.StartDate.DayNumber) % step;
                var date = offset == 0 ? first : first.AddDays(step - offset);
                for (; date <= last; date = date.AddDays(step)) yield return date;
                break;
            }
            case RecurrenceKind.MonthlyOnDay:
            {
                for (var month = new DateOnly(first.Year, first.Month, 1); month <= last; month = month.AddMonths(1))
                {
                    // The 31st in a 30-day month (or February) is that month's last day.
                    var day = Math.Min(Math.Clamp(r.DayOfMonth, 1, 31), DateTime.DaysInMonth(month.Year, month.Month));
                    var date = new DateOnly(month.Year, month.Month, day);
                    if (date >= first && date <= last) yield return date;
                }
                break;
            }
        }
    }

    /// <summary>The horizon jobs are generated up to: 12 weeks after today.</summary>
    public static DateOnly Horizon(DateOnly today) => today.AddDays(WeeksAhead * 7);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
