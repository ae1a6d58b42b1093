namespace FieldKit.Domain.Entities;

/// <summary>
/// Every business row carries who made, changed and deleted it. The audit interceptor fills the "by"
/// columns; a database trigger owns updated_at. Deleting only sets deleted_at/by (soft delete).
/// </summary>
public abstract class AuditableEntity
{
    public int Id { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public DateTimeOffset? DeletedAt { get; set; }
    public string? DeletedBy { get; set; }

    /// <summary>PostgreSQL xmin: the optimistic-concurrency token.</summary>
    public uint Version { get; set; }

    public bool IsDeleted => DeletedAt is not null;
}
