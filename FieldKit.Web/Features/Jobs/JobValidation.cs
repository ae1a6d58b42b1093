using FieldKit.Data.Company;
using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Web.Features.Jobs;

/// <summary>Server-side checks shared by the job form and the recurrence editor. Field names match JobInput / RecurrenceInput.</summary>
public static class JobValidation
{
    public const int ServiceAddressMaxLength = 300;
    public const int UnitsMaxLength = 200;
    public const int PoNumberMaxLength = 50;
    public const int NotesMaxLength = 2000;
    public const int CancelReasonMaxLength = 500;
    public const decimal MaxPrice = 999_999.99m;

    public const string ServiceType = nameof(JobInput.ServiceType);
    public const string Crew = nameof(JobInput.Crew);
    public const string Price = nameof(JobInput.Price);
    public const string Units = nameof(JobInput.Units);
    public const string PoNumber = nameof(JobInput.PoNumber);
    public const string Notes = nameof(JobInput.Notes);
    public const string WindowEnd = nameof(JobInput.WindowEnd);

    /// <summary>Trimmed text, or null when blank.</summary>
    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static void CheckLength(Dictionary<string, string> errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max) errors[field] = $"Use at most {max} characters.";
    }

    public static void CheckPrice(Dictionary<string, string> errors, decimal? price)
    {
        if (price is null) errors[Price] = "Enter the price (0 for no charge).";
        else if (price < 0) errors[Price] = "The price cannot be negative.";
        else if (price > MaxPrice) errors[Price] = $"The price cannot be more than {JobFormat.Money(MaxPrice)}.";
        else if (decimal.Round(price.Value, 2) != price.Value) errors[Price] = "Use dollars and cents (at most 2 decimals).";
    }

    public static void CheckWindow(Dictionary<string, string> errors, TimeOnly? start, TimeOnly? end)
    {
        if (start is { } s && end is { } e && s >= e) errors[WindowEnd] = "The window must end after it starts.";
    }

    /// <summary>
    /// The service type must be an active one of this company, the crew empty or an active crew. A value the record
    /// already holds stays valid after its list entry is deactivated (history is not rewritten).
    /// </summary>
    public static async Task CheckListsAsync(CompanyDbContext db, Dictionary<string, string> errors, string serviceType, string? crew,
        string? currentServiceType, string? currentCrew, CancellationToken ct)
    {
        if (serviceType.Length == 0)
            errors[ServiceType] = "Choose a service type.";
        else if (serviceType != currentServiceType && !await db.ServiceTypes.AnyAsync(s => s.Name == serviceType && s.IsActive, ct))
            errors[ServiceType] = $"'{serviceType}' is not one of this company's active service types.";
        if (crew is not null && crew != currentCrew && !await db.Crews.AnyAsync(c => c.Name == crew && c.IsActive, ct))
            errors[Crew] = $"There is no active crew named '{crew}'.";
    }

    /// <summary>The property's address on one line: where the crew goes unless the job says otherwise.</summary>
    public static string? PropertyAddress(Customer c) => PropertyAddress(c.Address, c.City, c.State, c.Zip);

    public static string? PropertyAddress(string? address, string? city, string? state, string? zip)
    {
        var cityLine = string.Join(" ", new[] { string.Join(", ", new[] { city, state }.Where(s => !string.IsNullOrWhiteSpace(s))), zip }
            .Where(s => !string.IsNullOrWhiteSpace(s)));
        var text = string.Join(", ", new[] { address, cityLine }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return text.Length == 0 ? null : text;
    }
}
