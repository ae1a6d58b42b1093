using FieldKit.Domain.Entities;
using FieldKit.Domain.Jobs;
using FieldKit.Web;
using FieldKit.Web.Features.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace FieldKit.Tests.Domain;

public sealed class RecurrenceScheduleTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static JobRecurrence Weeks(int interval, string start, string? end = null) => new()
    {
        Kind = RecurrenceKind.EveryNWeeks, IntervalWeeks = interval, StartDate = D(start), EndDate = end is null ? null : D(end),
    };

    private static JobRecurrence Monthly(int day, string start, string? end = null) => new()
    {
        Kind = RecurrenceKind.MonthlyOnDay, DayOfMonth = day, StartDate = D(start), EndDate = end is null ? null : D(end),
    };

    private static string[] Dates(JobRecurrence r, string from, string to) =>
        RecurrenceSchedule.Occurrences(r, D(from), D(to)).Select(d => d.ToString("yyyy-MM-dd")).ToArray();

    [Fact]
    public void Every_two_weeks_runs_across_a_month_end_on_the_same_weekday()
    {
        var r = Weeks(2, "2026-01-20"); // a Tuesday
        Assert.Equal(["2026-01-20", "2026-02-03", "2026-02-17", "2026-03-03", "2026-03-17", "2026-03-31", "2026-04-14"],
            Dates(r, "2026-01-01", "2026-04-20"));
        Assert.All(RecurrenceSchedule.Occurrences(r, D("2026-01-01"), D("2026-12-31")), d => Assert.Equal(DayOfWeek.Tuesday, d.DayOfWeek));
    }

    [Fact]
    public void Every_two_weeks_keeps_its_phase_when_the_window_starts_between_occurrences()
    {
        var r = Weeks(2, "2026-01-20");
        Assert.Equal(["2026-02-17", "2026-03-03"], Dates(r, "2026-02-05", "2026-03-10"));
        Assert.Equal(["2026-02-03"], Dates(r, "2026-02-03", "2026-02-16")); // an occurrence on the first day counts
    }

    [Fact]
    public void Monthly_on_the_31st_uses_the_last_day_of_shorter_months()
    {
        Assert.Equal(["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30"],
            Dates(Monthly(31, "2026-01-01"), "2026-01-01", "2026-06-30"));
    }

    [Fact]
    public void Monthly_on_the_31st_gives_February_29_in_a_leap_year()
    {
        Assert.Equal(["2028-01-31", "2028-02-29", "2028-03-31"], Dates(Monthly(31, "2028-01-01"), "2028-01-01", "2028-03-31"));
        Assert.Equal(["2029-01-30", "2029-02-28", "2029-03-30"], Dates(Monthly(30, "2029-01-01"), "2029-01-01", "2029-03-31"));
    }

    [Fact]
    public void Monthly_on_an_ordinary_day_lands_on_that_day()
    {
        Assert.Equal(["2026-11-15", "2026-12-15", "2027-01-15"], Dates(Monthly(15, "2026-11-01"), "2026-11-01", "2027-01-31"));
    }

    [Theory]
    [InlineData("2026-03-08")] // clocks go forward in America/New_York
    [InlineData("2026-11-01")] // clocks go back
    public void An_occurrence_on_a_daylight_saving_change_day_stays_on_that_date(string changeDay)
    {
        var day = D(changeDay);
        var weekly = Weeks(1, day.AddDays(-14).ToString("yyyy-MM-dd"));
        Assert.Contains(day, RecurrenceSchedule.Occurrences(weekly, day.AddDays(-3), day.AddDays(3)));
        Assert.Equal([day.AddDays(-7), day, day.AddDays(7)], RecurrenceSchedule.Occurrences(weekly, day.AddDays(-7), day.AddDays(7)));
        var monthly = Monthly(day.Day, day.AddMonths(-2).ToString("yyyy-MM-dd"));
        Assert.Equal([day.AddMonths(-1), day, day.AddMonths(1)], RecurrenceSchedule.Occurrences(monthly, day.AddMonths(-1), day.AddMonths(1)));
    }

    [Theory]
    // UTC instant → the company's calendar date in America/New_York, around both 2026 changes.
    [InlineData("2026-03-08T04:59:00Z", "2026-03-07")] // 23:59 EST
    [InlineData("2026-03-08T05:00:00Z", "2026-03-08")] // 00:00 EST
    [InlineData("2026-03-09T03:59:00Z", "2026-03-08")] // 23:59 EDT
    [InlineData("2026-03-09T04:00:00Z", "2026-03-09")] // 00:00 EDT
    [InlineData("2026-11-01T03:59:00Z", "2026-10-31")] // 23:59 EDT
    [InlineData("2026-11-01T04:00:00Z", "2026-11-01")] // 00:00 EDT
    [InlineData("2026-11-02T04:59:00Z", "2026-11-01")] // 23:59 EST
    [InlineData("2026-11-02T05:00:00Z", "2026-11-02")] // 00:00 EST
    public void Today_is_the_company_date_on_both_sides_of_a_daylight_saving_change(string utc, string expected)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(D(expected), CompanyTime.Today(clock, new FieldKitOptions { TimeZone = "America/New_York" }));
    }

    [Fact]
    public void The_horizon_is_twelve_weeks_after_today_and_includes_it()
    {
        var today = D("2026-02-20");
        Assert.Equal(D("2026-05-15"), RecurrenceSchedule.Horizon(today));
        var weekly = Weeks(1, "2026-02-20");
        Assert.Equal(13, RecurrenceSchedule.Occurrences(weekly, today, RecurrenceSchedule.Horizon(today)).Count());
    }

    [Fact]
    public void Nothing_before_the_start_or_after_the_end()
    {
        var r = Weeks(1, "2026-03-02", end: "2026-03-23");
        Assert.Equal(["2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23"], Dates(r, "2026-01-01", "2026-12-31"));
        Assert.Empty(Dates(r, "2026-01-01", "2026-03-01"));
        Assert.Empty(Dates(r, "2026-03-24", "2026-12-31"));
        Assert.Equal(["2026-01-31"], Dates(Monthly(31, "2026-01-31", end: "2026-02-27"), "2026-01-01", "2026-12-31"));
        Assert.Empty(Dates(Monthly(5, "2026-03-06"), "2026-03-01", "2026-04-04")); // the 5th of March is before the start
    }

    [Fact]
    public void Descriptions_read_naturally()
    {
        Assert.Equal("Every 2 weeks on Tuesdays, from Jan 20, 2026", JobFormat.Describe(Weeks(2, "2026-01-20")));
        Assert.Equal("Weekly on Mondays, Mar 2, 2026 to Mar 23, 2026", JobFormat.Describe(Weeks(1, "2026-03-02", "2026-03-23")));
        Assert.Equal("Monthly on the 31st (last day in shorter months), from Jan 1, 2026", JobFormat.Describe(Monthly(31, "2026-01-01")));
        Assert.Equal("Monthly on the 2nd, from Jan 1, 2026", JobFormat.Describe(Monthly(2, "2026-01-01")));
    }
}
