using FieldKit.Domain.Entities;

namespace FieldKit.Web.Features.ManagementCompanies;

/// <summary>One management company as the list shows it.</summary>
/// <param name="PropertyCount">Properties (customers, not deleted, active or not) it runs in this company.</param>
public sealed record ManagementCompanyRow(int Id, string Name, string? Phone, string? Email, string? City, int PropertyCount);

/// <summary>One management company with the properties it runs, ordered by property name.</summary>
/// <param name="Version">Concurrency token read with the row; pass it back in <see cref="ManagementCompanyInput.Version"/>.</param>
public sealed record ManagementCompanyDetails(
    int Id,
    string Name,
    string? Phone,
    string? Email,
    string? Address,
    string? City,
    string? State,
    string? Zip,
    string? Notes,
    uint Version,
    IReadOnlyList<ManagedProperty> Properties);

/// <summary>A property (customer) run by a management company.</summary>
public sealed record ManagedProperty(int CustomerId, string PropertyName, string? City, CustomerStatus Status);

/// <summary>A management company to pick from (autocomplete).</summary>
public sealed record ManagementCompanyOption(int Id, string Name, string? City);

/// <summary>A property to pick from (autocomplete), with the management company it has now.</summary>
public sealed record PropertyOption(int CustomerId, string PropertyName, string? City, string? ManagementCompanyName);

/// <summary>The editor's form. <see cref="Id"/> null creates a management company.</summary>
public sealed record ManagementCompanyInput
{
    public int? Id { get; set; }
    public string Name { get; set; } = "";
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? Zip { get; set; }
    public string? Notes { get; set; }

    /// <summary>The <see cref="ManagementCompanyDetails.Version"/> the editor started from (update only): a later change by someone else is reported, not overwritten.</summary>
    public uint? Version { get; set; }

    public static ManagementCompanyInput From(ManagementCompanyDetails details) => new()
    {
        Id = details.Id,
        Name = details.Name,
        Phone = details.Phone,
        Email = details.Email,
        Address = details.Address,
        City = details.City,
        State = details.State,
        Zip = details.Zip,
        Notes = details.Notes,
        Version = details.Version,
    };
}

/// <summary>
/// Outcome of a save. Either it succeeded (<see cref="Id"/> and the new <see cref="Version"/> are set), or nothing
/// was written and <see cref="Errors"/> (field → message) or <see cref="Message"/> (the whole form) says why.
/// </summary>
public sealed record ManagementCompanySaveResult
{
    public const string ConcurrencyMessage = "Someone else changed this management company; reload to see their changes.";
    public const string NotFoundMessage = "This management company no longer exists; go back to the list.";

    public int? Id { get; init; }
    public uint? Version { get; init; }
    public Dictionary<string, string> Errors { get; init; } = new(StringComparer.Ordinal);
    public string? Message { get; init; }

    public bool Succeeded => Errors.Count == 0 && Message is null;

    public static ManagementCompanySaveResult Ok(int id, uint version) => new() { Id = id, Version = version };

    public static ManagementCompanySaveResult Invalid(Dictionary<string, string> errors) => new() { Errors = errors };

    public static ManagementCompanySaveResult Failed(string message) => new() { Message = message };
}

/// <summary>Outcome of changing a property's management company; on failure nothing was written and <see cref="Message"/> says why.</summary>
public sealed record PropertyMoveResult
{
    public const string PropertyNotFoundMessage = "This property no longer exists; reload the page.";
    public const string ManagementCompanyNotFoundMessage = "That management company no longer exists; reload and choose another.";
    public const string ConcurrencyMessage = "Someone else changed this property at the same moment; reload and try again.";

    public string? Message { get; init; }
    public string PropertyName { get; init; } = "";
    /// <summary>The management company the property now has; null for none.</summary>
    public string? ManagementCompanyName { get; init; }

    public bool Succeeded => Message is null;

    public static PropertyMoveResult Ok(string propertyName, string? managementCompanyName) =>
        new() { PropertyName = propertyName, ManagementCompanyName = managementCompanyName };

    public static PropertyMoveResult Failed(string message) => new() { Message = message };
}

/// <summary>Field names used as keys of <see cref="ManagementCompanySaveResult.Errors"/>.</summary>
public static class ManagementCompanyFields
{
    public const string Name = nameof(ManagementCompanyInput.Name);
    public const string Phone = nameof(ManagementCompanyInput.Phone);
    public const string Email = nameof(ManagementCompanyInput.Email);
    public const string Address = nameof(ManagementCompanyInput.Address);
    public const string City = nameof(ManagementCompanyInput.City);
    public const string State = nameof(ManagementCompanyInput.State);
    public const string Zip = nameof(ManagementCompanyInput.Zip);
    public const string Notes = nameof(ManagementCompanyInput.Notes);
}
