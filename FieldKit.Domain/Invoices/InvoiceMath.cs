using FieldKit.Domain.Entities;

namespace FieldKit.Domain.Invoices;

/// <summary>Invoice money rules, in decimal: balance = amount − payments − credits.</summary>
public static class InvoiceMath
{
    public static decimal Balance(decimal amount, IEnumerable<InvoicePayment> lines)
    {
        var live = lines.Where(l => l.DeletedAt is null).ToList();
        return amount - Sum(live, PaymentKind.Payment) - Sum(live, PaymentKind.Credit);
    }

    public static decimal Sum(IEnumerable<InvoicePayment> lines, PaymentKind kind) =>
        lines.Where(l => l.Kind == kind && l.DeletedAt is null).Sum(l => l.Amount);

    /// <summary>Due date from the customer's terms (net days).</summary>
    public static DateOnly DueDate(DateOnly invoiceDate, int termsDays) => invoiceDate.AddDays(Math.Max(0, termsDays));

    /// <summary>Money rounded to cents the way invoices print it (banker's rounding would surprise people).</summary>
    public static decimal Cents(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
