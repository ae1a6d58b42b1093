namespace FieldKit.Domain.Statements;

/// <summary>Who sends the statement: name, colours, remit-to and phone from the company configuration.</summary>
public sealed record StatementIssuer(string Name, string PrimaryColor, string? SecondaryColor, string Monogram, string? RemitTo, string? Phone,
    byte[]? Logo = null);

/// <summary>One open invoice on a statement. <see cref="Balance"/> is as of the statement date.</summary>
public sealed record StatementLine(
    string InvoiceNumber, string? JobNumber, string? PoNumber, string? ServiceAddress, DateOnly InvoiceDate, DateOnly? DueDate,
    decimal Amount, decimal Paid, decimal Balance, int DaysPastDue);

/// <summary>Everything a statement shows; the PDF is drawn from this alone.</summary>
public sealed record StatementData
{
    public required StatementIssuer Issuer { get; init; }
    public required DateOnly AsOf { get; init; }
    /// <summary>"C-12" for a property, "M-3" for a management company: printed as the account number.</summary>
    public required string Account { get; init; }
    public required string BillToName { get; init; }
    public IReadOnlyList<string> BillToAddress { get; init; } = [];
    /// <summary>The statement contacts ("Attention: …"), empty when none is marked.</summary>
    public string? Attention { get; init; }
    public IReadOnlyList<string> Emails { get; init; } = [];
    public required IReadOnlyList<StatementLine> Lines { get; init; }
    public required AgeingTotals Ageing { get; init; }
    public string Message { get; init; } = "";

    public decimal TotalDue => Ageing.Total;

    /// <summary>Builds the ageing strip from the lines, so strip and lines can never disagree.</summary>
    public static AgeingTotals AgeLines(IEnumerable<StatementLine> lines) =>
        lines.Aggregate(AgeingTotals.Zero, (t, l) => t.Add(Statements.Ageing.BucketOf(l.DaysPastDue), l.Balance));

    public static string DefaultMessage(AgeingTotals ageing, string? phone) =>
        ageing.PastDue > 0
            ? $"Your account shows {ageing.PastDue.ToString("C2", System.Globalization.CultureInfo.GetCultureInfo("en-US"))} past due. Please remit promptly" +
              (phone is null ? "." : $", or call us at {phone} if you have questions about any invoice.") +
              " Include the invoice numbers with your payment. Thank you for your business."
            : "Thank you for your business. Please include the invoice numbers with your payment" +
              (phone is null ? "." : $"; questions about an invoice? Call us at {phone}.");
}
