using System.Diagnostics.Metrics;

namespace FieldKit.Data.Auditing;

/// <summary>The "FieldKit" meter's database instruments (the web app adds its own to the same meter name).</summary>
public static class QueryMetrics
{
    public const string MeterName = "FieldKit";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Every EF command's duration, tagged with its database.</summary>
    public static readonly Histogram<double> QueryDuration = Meter.CreateHistogram<double>(
        "fieldkit.db.query.duration", unit: "ms", description: "Duration of database commands sent by EF Core");
}
