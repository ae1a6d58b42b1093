using System.Text.RegularExpressions;

namespace FieldKit.Domain.Imports;

/// <summary>What a column of a ServiceFusion invoice export means to FieldKit.</summary>
public enum ImportField
{
    InvoiceNumber, CustomerName, InvoiceDate, DueDate, InvoiceTotal, TaxTotal, TaxRateName, TotalDue, Status,
    ContactEmail, ContactPhone, Address, City, State, Zip, PoNumber, JobNumber,
    /// <summary>A column the user chose to ignore (remembered like any mapping).</summary>
    Ignore,
}

/// <summary>The known header names of ServiceFusion's "Report_Invoice" export, and how a header cell is normalised.</summary>
public static partial class ImportFields
{
    public static readonly IReadOnlyList<ImportField> Required =
        [ImportField.InvoiceNumber, ImportField.CustomerName, ImportField.InvoiceDate, ImportField.InvoiceTotal, ImportField.TotalDue];

    private static readonly Dictionary<string, ImportField> Known = new()
    {
        [Key("Invoice#")] = ImportField.InvoiceNumber,
        [Key("Invoice Number")] = ImportField.InvoiceNumber,
        [Key("Invoice No")] = ImportField.InvoiceNumber,
        [Key("Customer Name")] = ImportField.CustomerName,
        [Key("Customer")] = ImportField.CustomerName,
        [Key("Invoice Date")] = ImportField.InvoiceDate,
        [Key("Due Date")] = ImportField.DueDate,
        [Key("Invoice Due Date")] = ImportField.DueDate,
        [Key("Invoice Total")] = ImportField.InvoiceTotal,
        [Key("Tax Total")] = ImportField.TaxTotal,
        [Key("Tax Rate Name")] = ImportField.TaxRateName,
        [Key("Invoice Total Due")] = ImportField.TotalDue,
        [Key("Total Due")] = ImportField.TotalDue,
        [Key("Balance Due")] = ImportField.TotalDue,
        [Key("Status")] = ImportField.Status,
        [Key("Invoice Status")] = ImportField.Status,
        [Key("Payment Status")] = ImportField.Status,
        [Key("Contact Email 1")] = ImportField.ContactEmail,
        [Key("Contact Phone 1")] = ImportField.ContactPhone,
        [Key("Service Location Address 1")] = ImportField.Address,
        [Key("Service Location City")] = ImportField.City,
        [Key("Service Location State/Province")] = ImportField.State,
        [Key("Service Location Zip/Post Code")] = ImportField.Zip,
        [Key("PO#")] = ImportField.PoNumber,
        [Key("PO Number")] = ImportField.PoNumber,
        [Key("Customer PO")] = ImportField.PoNumber,
        [Key("Job#")] = ImportField.JobNumber,
        [Key("Job Number")] = ImportField.JobNumber,
    };

    /// <summary>"Invoice #" and "invoice#" are one header: lower case, letters and digits only ('#' kept as "no").</summary>
    public static string Key(string? header) =>
        NonAlnum().Replace((header ?? "").ToLowerInvariant().Replace("#", "no"), "");

    public static ImportField? Recognise(string? header, IReadOnlyDictionary<string, ImportField>? remembered = null)
    {
        var key = Key(header);
        if (key.Length == 0) return null;
        if (remembered is not null && remembered.TryGetValue(key, out var mapped)) return mapped;
        return Known.TryGetValue(key, out var field) ? field : null;
    }

    public static string Label(ImportField field) => field switch
    {
        ImportField.InvoiceNumber => "Invoice#",
        ImportField.CustomerName => "Customer Name",
        ImportField.InvoiceDate => "Invoice Date",
        ImportField.DueDate => "Due Date",
        ImportField.InvoiceTotal => "Invoice Total",
        ImportField.TaxTotal => "Tax Total",
        ImportField.TaxRateName => "Tax Rate Name",
        ImportField.TotalDue => "Invoice Total Due",
        ImportField.Status => "Status",
        ImportField.ContactEmail => "Contact Email 1",
        ImportField.ContactPhone => "Contact Phone 1",
        ImportField.Address => "Service Location Address 1",
        ImportField.City => "Service Location City",
        ImportField.State => "Service Location State/Province",
        ImportField.Zip => "Service Location Zip/Post Code",
        ImportField.PoNumber => "PO#",
        ImportField.JobNumber => "Job#",
        ImportField.Ignore => "(ignore this column)",
        _ => field.ToString(),
    };

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlnum();
}
