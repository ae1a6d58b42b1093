namespace FieldKit.Domain.Entities;

/// <summary>
/// One note a salesperson logged on a dormancy alert: why the customer went quiet, what was said. Kept as rows (not
/// only the alert's latest Reason/Notes) so the weekly report can list every note of the past week with who and when.
/// </summary>
public sealed class DormancyNote : AuditableEntity
{
    public int AlertId { get; set; }
    public DormancyAlert? Alert { get; set; }
    public int CustomerId { get; set; }
    /// <summary>A <see cref="Sales.DormancyReason"/> name.</summary>
    public string Reason { get; set; } = "";
    public string? Text { get; set; }
    public string AuthorUsername { get; set; } = "";
    public string AuthorName { get; set; } = "";
    /// <summary>When it was logged (from the app's TimeProvider); the weekly report selects on it.</summary>
    public DateTimeOffset LoggedAt { get; set; }
}
