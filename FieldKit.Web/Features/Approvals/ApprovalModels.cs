using FieldKit.Domain.Approvals;
using FieldKit.Domain.Entities;

namespace FieldKit.Web.Features.Approvals;

public sealed record ApprovalQuery
{
    /// <summary>Pending (oldest first) or decided (newest first, the last 100).</summary>
    public bool Decided { get; init; }
    public string? Type { get; init; }
    public string? SubmittedBy { get; init; }
}

public sealed record ApprovalRow(
    int Id, string Type, string Summary, int? TargetId, string TargetName, string? ContactName, string? Note,
    string SubmittedBy, DateTimeOffset SubmittedAt, ApprovalStatus Status, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionReason)
{
    public static ApprovalRow From(ApprovalRequest a) => new(a.Id, a.RequestType, a.Summary, a.TargetId, a.TargetName, a.ContactName, a.Note,
        a.SubmittedBy, a.SubmittedAt, a.Status, a.DecidedBy, a.DecidedAt, a.DecisionReason);
}

/// <summary>
/// What a reviewer sees when an item is opened: the field-by-field diff, whether the target moved since
/// submission, or why it can no longer be applied (<paramref name="TargetGone"/>).
/// </summary>
public sealed record ApprovalReview(ApprovalRow Item, IReadOnlyList<DiffRow> Diff, string? TargetGone, string? TargetLink)
{
    public bool ChangedSinceSubmitted => Diff.Any(d => d.ChangedSinceSubmitted);
}

/// <summary>The outcome of approve or reject. When not <see cref="Succeeded"/>, nothing changed.</summary>
public sealed record ApprovalOutcome(int Id, bool Succeeded, string Message, bool NeedsConfirmation = false, bool AlreadyDecided = false)
{
    public static ApprovalOutcome Ok(int id, string message) => new(id, true, message);
    public static ApprovalOutcome Failed(int id, string message) => new(id, false, message);
}
