using FieldKit.Domain.Entities;

namespace FieldKit.Web.Features.Sales;

public sealed record ProspectQuery
{
    /// <summary>Managers and admins may pick an owner; a salesperson always sees their own.</summary>
    public string? Owner { get; init; }
    public ProspectStatus? Status { get; init; }
    public string? Tag { get; init; }
    public bool FollowUpDue { get; init; }
    public string? Search { get; init; }
}

public sealed record ProspectRow(int Id, string PropertyName, string? City, string? ManagementCompanyName, int? UnitCount,
    ProspectStatus Status, string OwnerUsername, DateOnly? NextFollowUp, DateTimeOffset? LastVisitAt, IReadOnlyList<string> LastVisitTags);

public sealed class ProspectInput
{
    public int? Id { get; set; }
    public string PropertyName { get; set; } = "";
    public string? Address { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? Zip { get; set; }
    public string? ManagementCompanyName { get; set; }
    public int? UnitCount { get; set; }
    public string? CurrentVendor { get; set; }
    public ProspectStatus Status { get; set; } = ProspectStatus.New;
    public string? OwnerUsername { get; set; }
    public DateOnly? NextFollowUp { get; set; }
    public string? Source { get; set; }
    public uint Version { get; set; }

    public static ProspectInput From(SalesProspect p) => new()
    {
        Id = p.Id, PropertyName = p.PropertyName, Address = p.Address, City = p.City, State = p.State, Zip = p.Zip,
        ManagementCompanyName = p.ManagementCompanyName, UnitCount = p.UnitCount, CurrentVendor = p.CurrentVendor,
        Status = p.Status, OwnerUsername = p.OwnerUsername, NextFollowUp = p.NextFollowUp, Source = p.Source, Version = p.Version,
    };
}

public sealed class SalesContactInput
{
    public int? Id { get; set; }
    public int? ProspectId { get; set; }
    public int? CustomerId { get; set; }
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string? Title { get; set; }
    public string? OfficePhone { get; set; }
    public string? MobilePhone { get; set; }
    public string? Email { get; set; }
    public string? Notes { get; set; }

    public static SalesContactInput From(SalesContact c) => new()
    {
        Id = c.Id, ProspectId = c.ProspectId, CustomerId = c.CustomerId, FirstName = c.FirstName, LastName = c.LastName,
        Title = c.Title, OfficePhone = c.OfficePhone, MobilePhone = c.MobilePhone, Email = c.Email, Notes = c.Notes,
    };
}

public sealed class VisitInput
{
    public int? ProspectId { get; set; }
    public int? CustomerId { get; set; }
    /// <summary>Null: now.</summary>
    public DateTimeOffset? VisitedAt { get; set; }
    public List<string> Tags { get; set; } = [];
    public string? Notes { get; set; }
    public List<int> ContactIds { get; set; } = [];
    public DateOnly? FollowUpDate { get; set; }
}

public sealed record VisitTag(string Name, string Color);

public sealed record VisitEntry(int Id, DateTimeOffset VisitedAt, string Salesperson, IReadOnlyList<string> Tags, string? Notes,
    IReadOnlyList<string> ContactsMet, DateOnly? FollowUpDate);

public sealed record ProspectDetails(SalesProspect Prospect, IReadOnlyList<SalesContact> Contacts, IReadOnlyList<VisitEntry> Visits, bool ConversionPending);

/// <summary>One row of the salesperson's home: which company (for its colour), what, and where it links.</summary>
public sealed record HomeRow(string Company, string CompanyName, string Color, string Title, string? Detail, string Href, DateOnly? Date = null);

public sealed record SalesHome(
    IReadOnlyList<HomeRow> FollowUps, IReadOnlyList<HomeRow> HotLeads, IReadOnlyList<HomeRow> Dormant, IReadOnlyList<HomeRow> RecentVisits,
    IReadOnlyList<string> UnreachableCompanies);
