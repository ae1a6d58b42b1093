using FieldKit.Domain.Statements;

namespace FieldKit.Tests.Statements;

public sealed class AgeingTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 30);

    [Theory]
    [InlineData(-5, AgeingBucket.Current)]
    [InlineData(0, AgeingBucket.Current)]
    [InlineData(1, AgeingBucket.Days1To30)]
    [InlineData(30, AgeingBucket.Days1To30)]
    [InlineData(31, AgeingBucket.Days31To60)]
    [InlineData(60, AgeingBucket.Days31To60)]
    [InlineData(61, AgeingBucket.Days61To90)]
    [InlineData(90, AgeingBucket.Days61To90)]
    [InlineData(91, AgeingBucket.Over90)]
    [InlineData(400, AgeingBucket.Over90)]
    public void Bucket_boundaries_by_days_past_due(int daysPastDue, AgeingBucket expected)
    {
        var due = AsOf.AddDays(-daysPastDue);
        Assert.Equal(expected, Ageing.BucketOf(due, due.AddDays(-30), AsOf));
        Assert.Equal(Math.Max(0, daysPastDue), Ageing.DaysPastDue(due, due.AddDays(-30), AsOf));
    }

    [Fact]
    public void An_invoice_without_a_due_date_ages_from_its_invoice_date_and_is_never_dropped()
    {
        Assert.Equal(AgeingBucket.Days31To60, Ageing.BucketOf(null, AsOf.AddDays(-45), AsOf));
    }

    [Fact]
    public void Buckets_always_add_up_to_the_total_including_credits()
    {
        var items = new (DateOnly?, DateOnly, decimal)[]
        {
            (AsOf.AddDays(10), AsOf.AddDays(-20), 100.10m), (AsOf.AddDays(-30), AsOf.AddDays(-60), 200.20m), (AsOf.AddDays(-31), AsOf.AddDays(-61), 300.30m),
            (AsOf.AddDays(-61), AsOf.AddDays(-91), 400.40m), (AsOf.AddDays(-91), AsOf.AddDays(-121), 500.50m), (null, AsOf.AddDays(-200), 0.01m),
            (AsOf.AddDays(-5), AsOf.AddDays(-35), -45.00m),
        };
        var totals = AgeingTotals.Of(items, AsOf);
        Assert.Equal(items.Sum(i => i.Item3), totals.Total);
        Assert.Equal((100.10m, 200.20m - 45.00m, 300.30m, 400.40m, 500.51m), (totals.Current, totals.Days1To30, totals.Days31To60, totals.Days61To90, totals.Over90));
        Assert.Equal(totals.Total - totals.Current, totals.PastDue);
    }
}
