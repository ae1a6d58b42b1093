using FieldKit.Domain.Sales;

namespace FieldKit.Web.Features.Dormancy;

/// <summary>The settings page: what applies now and the last scan (job_runs).</summary>
public sealed record DormancyConfigView(int Weeks, bool IsActive, uint Version, bool Stored, int DefaultWeeks,
    DateTimeOffset? LastScanAt, string? LastScanOutcome);

public sealed class DormancyConfigInput
{
    public int? Weeks { get; set; }
    public bool IsActive { get; set; } = true;
    public uint Version { get; set; }
}

public sealed class DormancyAlertQuery
{
    /// <summary>Part of the property name or city.</summary>
    public string? Search { get; set; }
    /// <summary>A <see cref="DormancyReason"/> name: alerts whose latest note gives it; <see cref="NoNotes"/>: alerts nobody has noted yet.</summary>
    public string? Reason { get; set; }
    /// <summary>true: made into a prospect; false: not yet; null: both.</summary>
    public bool? Converted { get; set; }
    /// <summary>Only customers quiet at least this many weeks.</summary>
    public int? MinWeeksQuiet { get; set; }
    /// <summary>Every company the user works dormancy in (salespeople's cross-company list), not only the route's.</summary>
    public bool AllCompanies { get; set; }

    public const string NoNotes = "none";
}

public sealed record DormancyAlertRow(
    string Company,
    string CompanyName,
    string CompanyColor,
    string CompanyTextColor,
    int Id,
    int CustomerId,
    string PropertyName,
    string? City,
    DateOnly? LastJobDate,
    int WeeksQuiet,
    int ThresholdWeeks,
    DateTimeOffset OpenedAt,
    string Headline,
    string? Reason,
    string? LatestNote,
    int NoteCount,
    int? ProspectId,
    uint Version)
{
    public string ReasonLabel => DormancyReasons.Label(Reason);
}

public sealed record DormancyNoteRow(int Id, string Reason, string? Text, string AuthorUsername, string AuthorName, DateTimeOffset LoggedAt)
{
    public string ReasonLabel => DormancyReasons.Label(Reason);
}

public sealed class DormancyNoteInput
{
    public DormancyReason? Reason { get; set; }
    public string? Text { get; set; }
}
