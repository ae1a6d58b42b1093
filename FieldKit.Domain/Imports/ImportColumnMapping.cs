using FieldKit.Domain.Entities;

namespace FieldKit.Domain.Imports;

/// <summary>A header the user mapped once (per company): the next export with that header is read the same way.</summary>
public sealed class ImportColumnMapping : AuditableEntity
{
    /// <summary>The header normalised by <see cref="ImportFields.Key"/>.</summary>
    public string HeaderKey { get; set; } = "";
    /// <summary>The header as it was first seen, for the settings list.</summary>
    public string Header { get; set; } = "";
    public ImportField Field { get; set; }
}
