using FieldKit.Domain.Approvals;

namespace FieldKit.Tests.Approvals;

/// <summary>When the noon digest runs, in America/New_York, across both daylight-saving changes of 2026 (pure, no database).</summary>
public sealed class DigestScheduleTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeOnly Noon = new(12, 0);

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0, int second = 0) =>
        new(2026, month, day, hour, minute, second, TimeSpan.Zero);

    [Theory]
    [InlineData(2, 10, 17)]  // EST (UTC−5)
    [InlineData(3, 7, 17)]   // the day before spring-forward
    [InlineData(3, 8, 16)]   // spring-forward day (02:00 → 03:00): noon is already daylight time
    [InlineData(3, 9, 16)]
    [InlineData(10, 31, 16)] // EDT (UTC−4)
    [InlineData(11, 1, 17)]  // fall-back day (02:00 → 01:00): noon is standard time again
    [InlineData(11, 2, 17)]
    public void Noon_in_New_York_is_the_right_utc_instant(int month, int day, int utcHour)
    {
        Assert.Equal(Utc(month, day, utcHour), DigestSchedule.RunInstant(new DateOnly(2026, month, day), NewYork, Noon));
    }

    [Fact]
    public void Next_run_after_the_saturday_noon_before_spring_forward_is_23_hours_later()
    {
        var saturdayNoon = Utc(3, 7, 17);
        var next = DigestSchedule.NextRun(saturdayNoon, NewYork, Noon);
        Assert.Equal(Utc(3, 8, 16), next);
        Assert.Equal(TimeSpan.FromHours(23), next - saturdayNoon);
    }

    [Fact]
    public void Next_run_after_the_saturday_noon_before_fall_back_is_25_hours_later()
    {
        var saturdayNoon = Utc(10, 31, 16);
        var next = DigestSchedule.NextRun(saturdayNoon, NewYork, Noon);
        Assert.Equal(Utc(11, 1, 17), next);
        Assert.Equal(TimeSpan.FromHours(25), next - saturdayNoon);
    }

    [Fact]
    public void Before_noon_the_next_run_is_today_and_not_due_at_noon_it_is_due_and_the_next_run_is_tomorrow()
    {
        var justBefore = Utc(3, 8, 15, 59, 59);
        Assert.False(DigestSchedule.IsDue(justBefore, NewYork, Noon));
        Assert.Equal(Utc(3, 8, 16), DigestSchedule.NextRun(justBefore, NewYork, Noon));

        var atNoon = Utc(3, 8, 16);
        Assert.True(DigestSchedule.IsDue(atNoon, NewYork, Noon));
        Assert.Equal(Utc(3, 9, 16), DigestSchedule.NextRun(atNoon, NewYork, Noon));

        var restart = Utc(3, 8, 16, 0, 30);
        Assert.True(DigestSchedule.IsDue(restart, NewYork, Noon));
        Assert.Equal(new DateOnly(2026, 3, 8), DigestSchedule.LocalDate(restart, NewYork));
    }

    [Fact]
    public void Late_evening_in_New_York_is_already_tomorrow_in_utc_but_still_today_locally()
    {
        // 23:30 EST on Feb 10 = 04:30 UTC on Feb 11: the digest day is Feb 10 and its run is long past.
        var evening = Utc(2, 11, 4, 30);
        Assert.Equal(new DateOnly(2026, 2, 10), DigestSchedule.LocalDate(evening, NewYork));
        Assert.True(DigestSchedule.IsDue(evening, NewYork, Noon));
        Assert.Equal(Utc(2, 11, 17), DigestSchedule.NextRun(evening, NewYork, Noon));
        // Just after local midnight, Feb 11's noon is not due yet.
        Assert.False(DigestSchedule.IsDue(Utc(2, 11, 5, 1), NewYork, Noon));
    }

    [Fact]
    public void A_time_skipped_or_repeated_by_the_clock_change_runs_once_at_a_defined_instant()
    {
        // 02:30 does not exist on Mar 8: run when it would have been without the change (07:30 UTC = 03:30 EDT).
        Assert.Equal(Utc(3, 8, 7, 30), DigestSchedule.RunInstant(new DateOnly(2026, 3, 8), NewYork, new TimeOnly(2, 30)));
        // 01:30 happens twice on Nov 1: the first time (EDT, 05:30 UTC).
        Assert.Equal(Utc(11, 1, 5, 30), DigestSchedule.RunInstant(new DateOnly(2026, 11, 1), NewYork, new TimeOnly(1, 30)));
        Assert.Equal(Utc(11, 2, 6, 30), DigestSchedule.NextRun(Utc(11, 1, 5, 30), NewYork, new TimeOnly(1, 30)));
    }

    [Theory]
    [InlineData("12:00", 12, 0)]
    [InlineData("9:30", 9, 30)]
    [InlineData(" 07:05 ", 7, 5)]
    [InlineData("13:15:00", 13, 15)]
    public void Digest_time_parses(string text, int hour, int minute)
    {
        Assert.True(DigestSchedule.TryParseTime(text, out var time));
        Assert.Equal(new TimeOnly(hour, minute), time);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("noon")]
    [InlineData("12pm")]
    [InlineData("25:00")]
    public void A_digest_time_that_is_not_a_time_is_refused(string? text)
    {
        Assert.False(DigestSchedule.TryParseTime(text, out _));
    }
}
