using System.Globalization;
using FieldKit.Domain.Entities;
using FieldKit.Web.Features.Customers;

namespace FieldKit.Web.Features.Approvals;

/// <summary>
/// The fields a request can propose, as text: read from the edit models, written back into them, so a
/// proposal is validated and applied by the very same rules as a direct edit.
/// </summary>
public static class ApprovalFields
{
    public static readonly IReadOnlyList<(string Field, string Label)> Customer =
    [
        (nameof(CustomerInput.PropertyName), "Property name"), (nameof(CustomerInput.Address), "Address"),
        (nameof(CustomerInput.City), "City"), (nameof(CustomerInput.State), "State"), (nameof(CustomerInput.Zip), "ZIP"),
        (nameof(CustomerInput.Phone), "Phone number"), (nameof(CustomerInput.Email), "Email"), (nameof(CustomerInput.UnitCount), "Units"),
        (nameof(CustomerInput.BillingName), "Bill-to name"), (nameof(CustomerInput.BillingAddress), "Billing address"),
        (nameof(CustomerInput.BillingCity), "Billing city"), (nameof(CustomerInput.BillingState), "Billing state"),
        (nameof(CustomerInput.BillingZip), "Billing ZIP"), (nameof(CustomerInput.PaymentTermsDays), "Payment terms"),
        (nameof(CustomerInput.Notes), "Notes"),
    ];

    public static readonly IReadOnlyList<(string Field, string Label)> Contact =
    [
        (nameof(ContactInput.FirstName), "First name"), (nameof(ContactInput.LastName), "Last name"), (nameof(ContactInput.Title), "Title"),
        (nameof(ContactInput.OfficePhone), "Office phone"), (nameof(ContactInput.MobilePhone), "Mobile phone"),
        (nameof(ContactInput.Email), "Email"), (nameof(ContactInput.IsPrimary), "Primary contact"),
        (nameof(ContactInput.ReceivesStatements), "Receives statements"),
    ];

    public static readonly IReadOnlyList<(string Field, string Label)> Prospect =
    [
        (nameof(SalesProspect.PropertyName), "Property name"), (nameof(SalesProspect.Address), "Address"),
        (nameof(SalesProspect.City), "City"), (nameof(SalesProspect.State), "State"), (nameof(SalesProspect.Zip), "ZIP"),
        (nameof(SalesProspect.ManagementCompanyName), "Management company"), (nameof(SalesProspect.UnitCount), "Units"),
    ];

    private const string Yes = "Yes", No = "No";

    private static string? Num(int? v) => v?.ToString(CultureInfo.InvariantCulture);

    public static Dictionary<string, string?> Values(CustomerInput c) => new()
    {
        [nameof(c.PropertyName)] = c.PropertyName, [nameof(c.Address)] = c.Address, [nameof(c.City)] = c.City,
        [nameof(c.State)] = c.State, [nameof(c.Zip)] = c.Zip, [nameof(c.Phone)] = c.Phone, [nameof(c.Email)] = c.Email,
        [nameof(c.UnitCount)] = Num(c.UnitCount), [nameof(c.BillingName)] = c.BillingName, [nameof(c.BillingAddress)] = c.BillingAddress,
        [nameof(c.BillingCity)] = c.BillingCity, [nameof(c.BillingState)] = c.BillingState, [nameof(c.BillingZip)] = c.BillingZip,
        [nameof(c.PaymentTermsDays)] = Num(c.PaymentTermsDays), [nameof(c.Notes)] = c.Notes,
    };

    public static Dictionary<string, string?> Values(ContactInput c) => new()
    {
        [nameof(c.FirstName)] = c.FirstName, [nameof(c.LastName)] = c.LastName, [nameof(c.Title)] = c.Title,
        [nameof(c.OfficePhone)] = c.OfficePhone, [nameof(c.MobilePhone)] = c.MobilePhone, [nameof(c.Email)] = c.Email,
        [nameof(c.IsPrimary)] = c.IsPrimary ? Yes : No, [nameof(c.ReceivesStatements)] = c.ReceivesStatements ? Yes : No,
    };

    public static Dictionary<string, string?> Values(SalesProspect p) => new()
    {
        [nameof(p.PropertyName)] = p.PropertyName, [nameof(p.Address)] = p.Address, [nameof(p.City)] = p.City,
        [nameof(p.State)] = p.State, [nameof(p.Zip)] = p.Zip, [nameof(p.ManagementCompanyName)] = p.ManagementCompanyName,
        [nameof(p.UnitCount)] = Num(p.UnitCount),
    };

    /// <summary>Writes a proposed value into the form model; a number that does not parse is reported as that field's error.</summary>
    public static string? Set(CustomerInput c, string field, string? value)
    {
        switch (field)
        {
            case nameof(c.PropertyName): c.PropertyName = value ?? ""; break;
            case nameof(c.Address): c.Address = value; break;
            case nameof(c.City): c.City = value; break;
            case nameof(c.State): c.State = value; break;
            case nameof(c.Zip): c.Zip = value; break;
            case nameof(c.Phone): c.Phone = value; break;
            case nameof(c.Email): c.Email = value; break;
            case nameof(c.UnitCount):
                if (value is null) c.UnitCount = null;
                else if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var units)) c.UnitCount = units;
                else return "Units must be a whole number.";
                break;
            case nameof(c.BillingName): c.BillingName = value; break;
            case nameof(c.BillingAddress): c.BillingAddress = value; break;
            case nameof(c.BillingCity): c.BillingCity = value; break;
            case nameof(c.BillingState): c.BillingState = value; break;
            case nameof(c.BillingZip): c.BillingZip = value; break;
            case nameof(c.PaymentTermsDays):
                if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days)) c.PaymentTermsDays = days;
                else return "Payment terms must be a whole number of days.";
                break;
            case nameof(c.Notes): c.Notes = value; break;
            default: return $"{field} cannot be changed through a request.";
        }
        return null;
    }

    public static string? Set(ContactInput c, string field, string? value)
    {
        switch (field)
        {
            case nameof(c.FirstName): c.FirstName = value ?? ""; break;
            case nameof(c.LastName): c.LastName = value ?? ""; break;
            case nameof(c.Title): c.Title = value; break;
            case nameof(c.OfficePhone): c.OfficePhone = value; break;
            case nameof(c.MobilePhone): c.MobilePhone = value; break;
            case nameof(c.Email): c.Email = value; break;
            case nameof(c.IsPrimary): c.IsPrimary = value == Yes; break;
            case nameof(c.ReceivesStatements): c.ReceivesStatements = value == Yes; break;
            default: return $"{field} cannot be changed through a request.";
        }
        return null;
    }
}
