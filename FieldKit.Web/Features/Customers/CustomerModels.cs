using Microsoft.EntityFrameworkCore;
using FieldKit.Domain.Entities;

namespace FieldKit.Web.Features.Customers;

public sealed record CustomerListQuery
{
    public string? Search { get; init; }
    public CustomerStatus? Status { get; init; }
    public int? ManagementCompanyId { get; init; }
    public string? City { get; init; }
    public string SortBy { get; init; } = nameof(CustomerListRow.PropertyName);
    public bool Descending { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

public sealed record CustomerListRow(
    int Id, string PropertyName, string? Address, string? City, string? State, string? Zip,
    string? ManagementCompany, CustomerStatus Status, string? Phone, string? PrimaryContact);

/// <summary>A page of rows. <paramref name="TotalIsCapped"/>: counting stopped at Total - 1; there are more.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Total, bool TotalIsCapped = false);

/// <summary>
/// Counting for pagers on big tables: stop after <c>cap</c> rows (or two pages past the one shown, so "next"
/// always works) instead of counting every match; the pager then says "1,000+".
/// </summary>
public static class CappedCount
{
    public static async Task<(int Total, bool Capped)> CountAsync<T>(IQueryable<T> rows, int cap, int page, int pageSize, CancellationToken ct)
    {
        var limit = Math.Max(cap, (Math.Max(0, page) + 2) * pageSize) + 1;
        var total = await rows.Take(limit).CountAsync(ct);
        return (total, total == limit);
    }

    public const string ExactPagerInfo = "{first_item}-{last_item} of {all_items}";

    /// <summary>What a pager says for a page of rows: "26-50 of 1,234", "1-25 of 1,000+" when capped, "0 of 0" when empty.</summary>
    public static string PagerText(int page, int pageSize, int rowsShown, int total, bool capped)
    {
        var all = capped ? (total - 1).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + "+"
                         : total.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        if (rowsShown == 0) return $"0 of {all}";
        var first = page * pageSize + 1;
        return $"{first}-{first + rowsShown - 1} of {all}";
    }

    /// <summary>The MudDataGridPager InfoFormat for a result: "1-25 of 1,000+" when the count was capped.</summary>
    public static string PagerInfo<T>(PagedResult<T> result) => result.TotalIsCapped
        ? "{first_item}-{last_item} of " + (result.Total - 1).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + "+"
        : ExactPagerInfo;
}

/// <summary>The customer form. Version is the row version read with it (optimistic concurrency).</summary>
public sealed class CustomerInput
{
    public int? Id { get; set; }
    public string PropertyName { get; set; } = "";
    public string? Address { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? Zip { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public int? ManagementCompanyId { get; set; }
    public int? UnitCount { get; set; }
    public string? BillingName { get; set; }
    public string? BillingAddress { get; set; }
    public string? BillingCity { get; set; }
    public string? BillingState { get; set; }
    public string? BillingZip { get; set; }
    public int PaymentTermsDays { get; set; } = 30;
    public string? Notes { get; set; }
    public CustomerStatus Status { get; set; } = CustomerStatus.Active;
    public uint Version { get; set; }

    public static CustomerInput From(Customer c) => new()
    {
        Id = c.Id, PropertyName = c.PropertyName, Address = c.Address, City = c.City, State = c.State, Zip = c.Zip,
        Phone = c.Phone, Email = c.Email, ManagementCompanyId = c.ManagementCompanyId, UnitCount = c.UnitCount,
        BillingName = c.BillingName, BillingAddress = c.BillingAddress, BillingCity = c.BillingCity,
        BillingState = c.BillingState, BillingZip = c.BillingZip, PaymentTermsDays = c.PaymentTermsDays,
        Notes = c.Notes, Status = c.Status, Version = c.Version,
    };

    public CustomerInput Copy() => (CustomerInput)MemberwiseClone();
}

public sealed class ContactInput
{
    public int? Id { get; set; }
    public int CustomerId { get; set; }
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";
    public string? Title { get; set; }
    public string? OfficePhone { get; set; }
    public string? MobilePhone { get; set; }
    public string? Email { get; set; }
    public bool IsPrimary { get; set; }
    public bool ReceivesStatements { get; set; }
    public uint Version { get; set; }

    public static ContactInput From(CustomerContact c) => new()
    {
        Id = c.Id, CustomerId = c.CustomerId, FirstName = c.FirstName, LastName = c.LastName, Title = c.Title,
        OfficePhone = c.OfficePhone, MobilePhone = c.MobilePhone, Email = c.Email, IsPrimary = c.IsPrimary,
        ReceivesStatements = c.ReceivesStatements, Version = c.Version,
    };
}

/// <summary>Someone else saved first: who, when, and what the record holds now.</summary>
public sealed record EditConflict(string ChangedBy, DateTimeOffset ChangedAt, CustomerInput Current);

/// <summary>
/// The outcome of a write. When it did not succeed nothing was written, and one of: field errors, possible
/// duplicates to confirm, a concurrency conflict, or a message says why.
/// </summary>
public sealed record SaveResult
{
    public int? Id { get; init; }
    public Dictionary<string, string> Errors { get; init; } = [];
    public IReadOnlyList<string> PossibleDuplicates { get; init; } = [];
    public EditConflict? Conflict { get; init; }
    public string? Message { get; init; }

    public bool Succeeded => Errors.Count == 0 && PossibleDuplicates.Count == 0 && Conflict is null && Message is null;

    public static SaveResult Ok(int id) => new() { Id = id };
    public static SaveResult Failed(string message) => new() { Message = message };
}

public sealed record CustomerDetails(Customer Customer, string? ManagementCompanyName, IReadOnlyList<CustomerContact> Contacts);

public sealed record DeletedCustomerRow(int Id, string PropertyName, string? City, DateTimeOffset DeletedAt, string? DeletedBy);
