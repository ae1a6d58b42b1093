namespace FieldKit.Domain.Statements;

public enum AgeingBucket { Current, Days1To30, Days31To60, Days61To90, Over90 }

/// <summary>
/// Statement ageing by days past due as of a date: not yet due or due today = Current; 1–30; 31–60; 61–90; 91 and more = 90+.
/// An invoice without a due date ages from its invoice date, so it is never dropped. A credit (negative balance)
/// sits in the bucket of its own date, so the buckets always add up to the total due.
/// </summary>
public static class Ageing
{
    public static readonly IReadOnlyList<AgeingBucket> Buckets = Enum.GetValues<AgeingBucket>();

    public static int DaysPastDue(DateOnly? dueDate, DateOnly invoiceDate, DateOnly asOf) =>
        Math.Max(0, asOf.DayNumber - (dueDate ?? invoiceDate).DayNumber);

    public static AgeingBucket BucketOf(int daysPastDue) => daysPastDue switch
    {
        <= 0 => AgeingBucket.Current,
        <= 30 => AgeingBucket.Days1To30,
        <= 60 => AgeingBucket.Days31To60,
        <= 90 => AgeingBucket.Days61To90,
        _ => AgeingBucket.Over90,
    };

    public static AgeingBucket BucketOf(DateOnly? dueDate, DateOnly invoiceDate, DateOnly asOf) =>
        BucketOf(DaysPastDue(dueDate, invoiceDate, asOf));

    public static string Label(AgeingBucket bucket) => bucket switch
    {
        AgeingBucket.Current => "Current",
        AgeingBucket.Days1To30 => "1–30 days",
        AgeingBucket.Days31To60 => "31–60 days",
        AgeingBucket.Days61To90 => "61–90 days",
        _ => "Over 90 days",
    };
}

/// <summary>Balances by bucket. <see cref="Total"/> is the sum of the buckets, by construction.</summary>
public sealed record AgeingTotals(decimal Current, decimal Days1To30, decimal Days31To60, decimal Days61To90, decimal Over90)
{
    public static readonly AgeingTotals Zero = new(0, 0, 0, 0, 0);

    public decimal Total => Current + Days1To30 + Days31To60 + Days61To90 + Over90;

    public decimal PastDue => Days1To30 + Days31To60 + Days61To90 + Over90;

    public decimal this[AgeingBucket bucket] => bucket switch
    {
        AgeingBucket.Current => Current,
        AgeingBucket.Days1To30 => Days1To30,
        AgeingBucket.Days31To60 => Days31To60,
        AgeingBucket.Days61To90 => Days61To90,
        _ => Over90,
    };

    public AgeingTotals Add(AgeingBucket bucket, decimal amount) => bucket switch
    {
        AgeingBucket.Current => this with { Current = Current + amount },
        AgeingBucket.Days1To30 => this with { Days1To30 = Days1To30 + amount },
        AgeingBucket.Days31To60 => this with { Days31To60 = Days31To60 + amount },
        AgeingBucket.Days61To90 => this with { Days61To90 = Days61To90 + amount },
        _ => this with { Over90 = Over90 + amount },
    };

    public AgeingTotals Plus(AgeingTotals o) =>
        new(Current + o.Current, Days1To30 + o.Days1To30, Days31To60 + o.Days31To60, Days61To90 + o.Days61To90, Over90 + o.Over90);

    public static AgeingTotals Of(IEnumerable<(DateOnly? DueDate, DateOnly InvoiceDate, decimal Balance)> items, DateOnly asOf) =>
        items.Aggregate(Zero, (t, i) => t.Add(Ageing.BucketOf(i.DueDate, i.InvoiceDate, asOf), i.Balance));
}
