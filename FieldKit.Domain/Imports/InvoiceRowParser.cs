using System.Globalization;

namespace FieldKit.Domain.Imports;

/// <summary>One data row of an export, read and checked; <see cref="Company"/> is where it belongs (after *FL* routing).</summary>
public sealed record ImportedInvoiceRow
{
    public required int RowNumber { get; init; }
    public required string Company { get; init; }
    public required string InvoiceNumber { get; init; }
    public required string CustomerName { get; init; }
    public required DateOnly InvoiceDate { get; init; }
    public DateOnly? DueDate { get; init; }
    public required decimal Amount { get; init; }
    public decimal Tax { get; init; }
    public required decimal Balance { get; init; }
    public string? Status { get; init; }
    public string? TaxRateName { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Address { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? Zip { get; init; }
    public string? PoNumber { get; init; }
    public string? JobNumber { get; init; }

    /// <summary>Payments and credits ServiceFusion has applied: what was invoiced less what is still due.</summary>
    public decimal Paid => Amount - Balance;

    public string FullAddress => string.Join(", ", new[] { Address, City, string.Join(' ', new[] { State, Zip }.Where(s => !string.IsNullOrWhiteSpace(s))) }
        .Where(s => !string.IsNullOrWhiteSpace(s)));
}

/// <summary>A row that cannot be imported, with its sheet row number (1-based, as the spreadsheet shows it).</summary>
public sealed record RejectedRow(int RowNumber, string? InvoiceNumber, string? CustomerName, string Reason);

/// <summary>Reads one data row into an <see cref="ImportedInvoiceRow"/> or says why it cannot be imported. Pure.</summary>
public static class InvoiceRowParser
{
    public const int MaxInvoiceNumberLength = 50;
    public const int MaxNameLength = 200;
    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "M/d/yyyy", "MM/dd/yyyy", "M/d/yy", "MM/dd/yy", "M-d-yyyy", "MM-dd-yyyy", "yyyy/MM/dd", "M/d/yyyy h:mm:ss tt", "M/d/yyyy H:mm", "yyyy-MM-ddTHH:mm:ss"];
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    /// <returns>The row, or null with <paramref name="rejected"/> set; both null for a blank row (skipped silently).</returns>
    public static ImportedInvoiceRow? Parse(IReadOnlyList<string> cells, int rowNumber, IReadOnlyDictionary<int, ImportField> columns,
        string uploadCompany, out RejectedRow? rejected)
    {
        rejected = null;
        string? Get(ImportField field)
        {
            foreach (var (col, f) in columns)
                if (f == field) return col < cells.Count && !string.IsNullOrWhiteSpace(cells[col]) ? cells[col].Trim() : null;
            return null;
        }

        if (cells.All(string.IsNullOrWhiteSpace)) return null;
        var number = Get(ImportField.InvoiceNumber);
        var rawName = Get(ImportField.CustomerName);
        RejectedRow Reject(string reason) => new(rowNumber, number, rawName is null ? null : CompanyRouting.StripMarker(rawName), reason);

        // A totals line at the foot of the report ("Total", "Grand Total") has no invoice number and no customer.
        if (number is null && rawName is null) { rejected = Reject("No invoice number and no customer name (a totals or note line)."); return null; }
        if (number is null) { rejected = Reject("The invoice number is empty."); return null; }
        if (number.Length > MaxInvoiceNumberLength) { rejected = Reject($"The invoice number is longer than {MaxInvoiceNumberLength} characters."); return null; }
        if (rawName is null) { rejected = Reject("The customer name is empty."); return null; }
        var (company, name) = CompanyRouting.Route(uploadCompany, rawName);
        if (name.Length == 0) { rejected = Reject("The customer name is empty once the *FL* marker is removed."); return null; }
        if (name.Length > MaxNameLength) { rejected = Reject($"The customer name is longer than {MaxNameLength} characters."); return null; }

        if (!TryDate(Get(ImportField.InvoiceDate), out var invoiceDate))
        { rejected = Reject($"The invoice date '{Get(ImportField.InvoiceDate)}' is not a date."); return null; }
        DateOnly? dueDate = null;
        if (Get(ImportField.DueDate) is { } dueText)
        {
            if (!TryDate(dueText, out var due)) { rejected = Reject($"The due date '{dueText}' is not a date."); return null; }
            dueDate = due;
        }
        if (!TryMoney(Get(ImportField.InvoiceTotal), "invoice total", required: true, out var amount, out var problem)) { rejected = Reject(problem!); return null; }
        if (!TryMoney(Get(ImportField.TaxTotal), "tax total", required: false, out var tax, out problem)) { rejected = Reject(problem!); return null; }
        if (!TryMoney(Get(ImportField.TotalDue), "total due", required: true, out var balance, out problem)) { rejected = Reject(problem!); return null; }
        if (amount >= 0 && balance > amount) { rejected = Reject($"The total due ({balance:0.00}) is more than the invoice total ({amount:0.00})."); return null; }
        if (amount < 0 && (balance > 0 || balance < amount)) { rejected = Reject($"A credit of {amount:0.00} cannot have a total due of {balance:0.00}."); return null; }

        rejected = null;
        return new ImportedInvoiceRow
        {
            RowNumber = rowNumber, Company = company, InvoiceNumber = number, CustomerName = name, InvoiceDate = invoiceDate,
            DueDate = dueDate, Amount = amount, Tax = tax, Balance = balance, Status = Cap(Get(ImportField.Status)?.ToUpperInvariant(), 50),
            TaxRateName = Get(ImportField.TaxRateName), Email = Get(ImportField.ContactEmail), Phone = Get(ImportField.ContactPhone),
            Address = Cap(Get(ImportField.Address), 300), City = Cap(Get(ImportField.City), 100), State = Cap(Get(ImportField.State), 50),
            Zip = Cap(Get(ImportField.Zip), 20), PoNumber = Cap(Get(ImportField.PoNumber), 50), JobNumber = Cap(Get(ImportField.JobNumber), 50),
        };
    }

    private static string? Cap(string? s, int max) => s is null ? null : s.Length <= max ? s : s[..max];

    private static bool TryMoney(string? text, string what, bool required, out decimal value, out string? problem)
    {
        problem = null;
        value = 0;
        if (text is null)
        {
            if (required) problem = $"The {what} is empty.";
            return !required;
        }
        if (!ImportMoney.TryParse(text, out value)) { problem = $"The {what} '{text}' is not an amount of money."; return false; }
        if (!ImportMoney.IsWholeCents(value)) { problem = $"The {what} '{text}' has fractions of a cent."; return false; }
        if (Math.Abs(value) > 9_999_999_999.99m) { problem = $"The {what} '{text}' is too large."; return false; }
        return true;
    }

    /// <summary>ISO dates (what the spreadsheet reader writes for date cells), US dates, or an Excel serial number.</summary>
    public static bool TryDate(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (DateTime.TryParseExact(s, DateFormats, Us, DateTimeStyles.AllowWhiteSpaces, out var dt))
        {
            date = DateOnly.FromDateTime(dt);
            return date.Year is >= 1990 and <= 2100;
        }
        // An unformatted Excel date: days since 1899-12-30.
        if (double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var serial) && serial is > 32874 and < 73051)
        {
            date = DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
            return true;
        }
        return false;
    }
}
