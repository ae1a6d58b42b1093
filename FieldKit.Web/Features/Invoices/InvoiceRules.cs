using System.Collections.Concurrent;
using System.Globalization;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Invoices;

namespace FieldKit.Web.Features.Invoices;

/// <summary>Stored invoice totals after a change. Balance = amount − paid − credits (0 once void).</summary>
public readonly record struct InvoiceTotals(decimal AmountPaid, decimal Credits, decimal Balance);

/// <summary>
/// Pure invoice rules of the web layer (on top of <see cref="InvoiceMath"/>): totals after a payment line
/// changes, payment validation, state, days past due, the company's "today" and money formatting.
/// Money is decimal throughout; nothing here ever goes through double.
/// </summary>
public static class InvoiceRules
{
    public static readonly CultureInfo UsCulture = CultureInfo.GetCultureInfo("en-US");

    /// <summary>How a payment can arrive; stored lower-case in invoice_payments.method.</summary>
    public static readonly IReadOnlyList<string> PaymentMethods = ["check", "ach", "card", "cash", "other"];

    public const int MaxMethodLength = 50;
    public const int MaxReferenceLength = 100;
    public const int MaxNoteLength = 1000;
    public const int MaxVoidReasonLength = 500;

    /// <summary>$1,234.50 (en-US, two decimals, whatever the server's culture).</summary>
    public static string Money(decimal value) => value.ToString("C2", UsCulture);

    public static string MethodLabel(string? method) => method switch
    {
        "ach" => "ACH",
        "check" => "Check",
        "card" => "Card",
        "cash" => "Cash",
        "other" => "Other",
        _ => method ?? "",
    };

    /// <summary>Reads what a person types as money: "1234.5", "$1,234.50". Never through double.</summary>
    public static bool TryParseMoney(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        return decimal.TryParse(text.Trim(), NumberStyles.Currency & ~NumberStyles.AllowParentheses, UsCulture, out value);
    }

    /// <summary>Whole cents only: 10.25 yes, 10.255 no.</summary>
    public static bool HasAtMostTwoDecimals(decimal value) => decimal.Round(value, 2) == value;

    public static InvoiceState State(decimal balance, DateTimeOffset? voidedAt) =>
        voidedAt is not null ? InvoiceState.Void : balance > 0 ? InvoiceState.Open : InvoiceState.Paid;

    public static InvoiceState State(Invoice invoice) => State(invoice.Balance, invoice.VoidedAt);

    /// <summary>Days an open invoice is past its due date as of <paramref name="today"/>; 0 when not past due, paid or void.</summary>
    public static int DaysPastDue(DateOnly? dueDate, InvoiceState state, DateOnly today) =>
        state == InvoiceState.Open && dueDate is { } due && due < today ? today.DayNumber - due.DayNumber : 0;

    /// <summary>
    /// Totals once <paramref name="liveLinesAfter"/> are the invoice's payments and credits, where the change was
    /// <paramref name="delta"/> of <paramref name="kind"/> (positive: added, negative: removed).
    /// A native invoice's totals are exactly the sum of its lines (InvoiceMath). An imported invoice arrives with
    /// paid/credit totals from ServiceFusion that have no lines here, so its totals move by the delta only.
    /// </summary>
    public static InvoiceTotals TotalsAfter(Invoice invoice, IReadOnlyCollection<InvoicePayment> liveLinesAfter, PaymentKind kind, decimal delta)
    {
        decimal paid, credits;
        if (invoice.Source == InvoiceSource.Native)
        {
            paid = InvoiceMath.Sum(liveLinesAfter, PaymentKind.Payment);
            credits = InvoiceMath.Sum(liveLinesAfter, PaymentKind.Credit);
        }
        else
        {
            paid = invoice.AmountPaid + (kind == PaymentKind.Payment ? delta : 0m);
            credits = invoice.Credits + (kind == PaymentKind.Credit ? delta : 0m);
        }
        var balance = invoice.VoidedAt is not null ? 0m
            : invoice.Source == InvoiceSource.Native ? InvoiceMath.Balance(invoice.Amount, liveLinesAfter)
            : invoice.Amount - paid - credits;
        return new InvoiceTotals(paid, credits, balance);
    }

    public static void Apply(Invoice invoice, InvoiceTotals totals)
    {
        invoice.AmountPaid = totals.AmountPaid;
        invoice.Credits = totals.Credits;
        invoice.Balance = totals.Balance;
    }

    /// <summary>
    /// Server-side validation of a payment or credit; trims and lower-cases in place. Empty = valid.
    /// Keys are PaymentInput property names. Whether it overpays is checked against the invoice separately.
    /// </summary>
    public static Dictionary<string, string> ValidatePayment(PaymentInput input, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        if (input.Amount <= 0) errors[nameof(input.Amount)] = "Enter an amount greater than zero.";
        else if (!HasAtMostTwoDecimals(input.Amount)) errors[nameof(input.Amount)] = "Enter dollars and cents: at most 2 decimals.";
        else if (input.Amount > 9_999_999_999.99m) errors[nameof(input.Amount)] = "That amount is too large.";

        if (input.Date is not { } date) errors[nameof(input.Date)] = "Enter the date.";
        else if (date > today.AddDays(1)) errors[nameof(input.Date)] = "The date cannot be in the future.";
        else if (date.Year < 2000) errors[nameof(input.Date)] = "Enter a date from 2000 on.";

        input.Method = Clean(input.Method);
        input.Reference = Clean(input.Reference);
        input.Note = Clean(input.Note);
        if (input.Kind == PaymentKind.Payment)
        {
            input.Method = input.Method?.ToLowerInvariant();
            if (input.Method is null) errors[nameof(input.Method)] = "Choose how it was paid.";
            else if (!PaymentMethods.Contains(input.Method))
                errors[nameof(input.Method)] = "Choose check, ACH, card, cash or other.";
        }
        else
        {
            if (input.Method is null) errors[nameof(input.Method)] = "Give a reason for the credit.";
            else if (input.Method.Length > MaxMethodLength)
                errors[nameof(input.Method)] = $"Keep the reason to {MaxMethodLength} characters; add detail in the note.";
        }
        if (input.Reference?.Length > MaxReferenceLength) errors[nameof(input.Reference)] = $"Use at most {MaxReferenceLength} characters.";
        if (input.Note?.Length > MaxNoteLength) errors[nameof(input.Note)] = $"Use at most {MaxNoteLength} characters.";
        return errors;
    }

    /// <summary>The message when a payment or credit would take the balance below zero.</summary>
    public static string OverpayMessage(decimal newBalance) => $"This would overpay the invoice by {Money(-newBalance)}.";

    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new();

    /// <summary>Today's date in the company's time zone (all four companies: America/New_York).</summary>
    public static DateOnly Today(TimeProvider clock, string timeZone)
    {
        var zone = Zones.GetOrAdd(timeZone, TimeZoneInfo.FindSystemTimeZoneById);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
