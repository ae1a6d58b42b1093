namespace FieldKit.Web.Features.Jobs;

/// <summary>The outcome of a change to one or more jobs. When it failed nothing was written.</summary>
public sealed record JobActionResult
{
    public bool Succeeded => Message is null && Errors.Count == 0 && JobErrors.Count == 0;
    public string? Message { get; init; }
    /// <summary>Field → message, for forms.</summary>
    public Dictionary<string, string> Errors { get; init; } = [];
    /// <summary>Job number → why that job could not be changed (bulk actions: one bad job changes nothing).</summary>
    public Dictionary<int, string> JobErrors { get; init; } = [];
    public int? Id { get; init; }

    public static JobActionResult Ok(int? id = null) => new() { Id = id };
    public static JobActionResult Failed(string message) => new() { Message = message };
}
