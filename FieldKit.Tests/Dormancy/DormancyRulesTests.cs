using FieldKit.Domain.Sales;

namespace FieldKit.Tests.Dormancy;

public sealed class DormancyRulesTests
{
    private static readonly TimeZoneInfo Eastern = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateOnly Today = new(2027, 3, 10);

    [Theory]
    [InlineData(27, false)]  // inside the threshold
    [InlineData(28, false)]  // exactly four weeks: not yet older than the threshold
    [InlineData(29, true)]   // one day past
    public void Dormant_only_when_the_last_job_is_strictly_older_than_the_threshold(int daysAgo, bool dormant) =>
        Assert.Equal(dormant, DormancyRules.IsDormant(Today.AddDays(-daysAgo), Today, 4));

    [Fact]
    public void No_job_at_all_is_never_dormant_and_a_future_last_job_is_not_either()
    {
        Assert.False(DormancyRules.IsDormant(null, Today, 4));
        Assert.False(DormancyRules.IsDormant(Today.AddDays(3), Today, 4));
    }

    [Fact]
    public void Headline_counts_whole_weeks_quiet()
    {
        Assert.Equal("Oakwood Apartments — No jobs scheduled in 4 weeks", DormancyRules.Headline("Oakwood Apartments", Today.AddDays(-29), Today));
        Assert.Equal("Oakwood Apartments — No jobs scheduled in 1 week", DormancyRules.Headline("Oakwood Apartments", Today.AddDays(-8), Today));
        Assert.Equal(6, DormancyRules.WeeksQuiet(Today.AddDays(-45), Today));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(52, true)]
    [InlineData(53, false)]
    public void Weeks_must_be_between_1_and_52(int? weeks, bool ok) => Assert.Equal(ok, DormancyRules.CheckWeeks(weeks) is null);

    [Theory]
    // Spring forward on Sunday March 14, 2027: 06:00 EST is 11:00 UTC, 06:00 EDT is 10:00 UTC.
    [InlineData("2027-03-13T11:00:00Z", "2027-03-14T10:00:00Z")]
    [InlineData("2027-03-13T10:59:59Z", "2027-03-13T11:00:00Z")]
    [InlineData("2027-03-14T09:59:00Z", "2027-03-14T10:00:00Z")]
    // Fall back on Sunday November 7, 2027: 06:00 EDT is 10:00 UTC, 06:00 EST 11:00 UTC.
    [InlineData("2027-11-06T10:00:00Z", "2027-11-07T11:00:00Z")]
    public void Next_scan_is_0600_company_time_across_DST(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), DormancySchedule.NextScan(DateTimeOffset.Parse(now), Eastern));

    [Theory]
    // Monday 08:00: before the spring change 13:00 UTC, after it 12:00 UTC; after the fall change 13:00 UTC again.
    [InlineData("2027-03-01T13:00:00Z", "2027-03-08T13:00:00Z")]
    [InlineData("2027-03-13T17:00:00Z", "2027-03-15T12:00:00Z")]
    [InlineData("2027-11-07T17:00:00Z", "2027-11-08T13:00:00Z")]
    [InlineData("2027-11-01T11:59:59Z", "2027-11-01T12:00:00Z")]
    public void Next_report_is_Monday_0800_company_time_across_DST(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), DormancySchedule.NextReport(DateTimeOffset.Parse(now), Eastern));

    [Theory]
    [InlineData("2027-03-15T11:59:00Z", "2027-03-08")]  // Monday 07:59 EDT: last week's report is the latest due
    [InlineData("2027-03-15T12:00:00Z", "2027-03-15")]  // Monday 08:00 EDT
    [InlineData("2027-03-17T15:00:00Z", "2027-03-15")]  // Wednesday: still this Monday's (a late start sends it)
    [InlineData("2027-03-22T03:00:00Z", "2027-03-15")]  // Sunday 23:00 EDT
    public void Report_week_is_the_latest_Monday_whose_0800_has_passed(string now, string monday) =>
        Assert.Equal(DateOnly.Parse(monday), DormancySchedule.ReportWeek(DateTimeOffset.Parse(now), Eastern));

    [Fact]
    public void Report_window_is_the_seven_days_before_the_Monday_in_company_time()
    {
        var (from, to) = DormancySchedule.ReportWindow(new DateOnly(2027, 3, 15), Eastern);
        Assert.Equal(DateTimeOffset.Parse("2027-03-08T05:00:00Z"), from);  // Monday March 8, midnight EST
        Assert.Equal(DateTimeOffset.Parse("2027-03-15T04:00:00Z"), to);    // Monday March 15, midnight EDT
    }
}
