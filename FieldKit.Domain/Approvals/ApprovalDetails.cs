using System.Text.Json;
using System.Text.Json.Serialization;

namespace FieldKit.Domain.Approvals;

/// <summary>
/// One proposed field: its value when the request was submitted (the snapshot) and the value asked for.
/// Values are display text ("(704) 555-0199", "30"); a field that did not exist yet (a new contact) has Before null.
/// </summary>
public sealed record ProposedField(string Field, string Label, string? Before, string? After);

/// <summary>approval_queue.request_details (JSONB): what is proposed, what it was, and what it refers to.</summary>
public sealed record ApprovalDetails
{
    public IReadOnlyList<ProposedField> Fields { get; init; } = [];
    /// <summary>update_contact: the contact to change.</summary>
    public int? ContactId { get; init; }
    /// <summary>sync_contact: the company the contact comes from.</summary>
    public string? SourceCompany { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ApprovalDetails FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new ApprovalDetails() : JsonSerializer.Deserialize<ApprovalDetails>(json, Json) ?? new ApprovalDetails();
}

/// <summary>A row of the reviewer's diff: the value now, the value proposed, and whether it moved since submission.</summary>
public sealed record DiffRow(string Field, string Label, string? Now, string? Proposed, string? AtSubmission, bool ChangedSinceSubmitted)
{
    /// <summary>Approving would leave the field as it is now (someone already made this change).</summary>
    public bool AlreadyApplied => string.Equals(Now ?? "", Proposed ?? "", StringComparison.Ordinal);
}

public static class ApprovalDiff
{
    /// <summary>
    /// Compares each proposed field with the target's current values. A field whose current value differs
    /// from its snapshot changed since submission; the reviewer must then see both and confirm.
    /// </summary>
    public static IReadOnlyList<DiffRow> Compare(IReadOnlyList<ProposedField> fields, IReadOnlyDictionary<string, string?> current, bool targetIsNew = false) =>
        fields.Select(f =>
        {
            var now = targetIsNew ? null : current.GetValueOrDefault(f.Field);
            var changed = !targetIsNew && !string.Equals(Norm(now), Norm(f.Before), StringComparison.Ordinal);
            return new DiffRow(f.Field, f.Label, now, f.After, f.Before, changed);
        }).ToList();

    /// <summary>The fields whose values differ between two snapshots (empty and null count as the same).</summary>
    public static IReadOnlyList<ProposedField> Changes(IReadOnlyList<(string Field, string Label)> fields,
        IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after) =>
        fields.Where(f => !string.Equals(Norm(before.GetValueOrDefault(f.Field)), Norm(after.GetValueOrDefault(f.Field)), StringComparison.Ordinal))
            .Select(f => new ProposedField(f.Field, f.Label, Blank(before.GetValueOrDefault(f.Field)), Blank(after.GetValueOrDefault(f.Field))))
            .ToList();

    private static string Norm(string? v) => v?.Trim() ?? "";

    private static string? Blank(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
}
