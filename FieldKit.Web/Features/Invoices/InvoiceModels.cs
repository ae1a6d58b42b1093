using FieldKit.Domain.Entities;

namespace FieldKit.Web.Features.Invoices;

/// <summary>Where an invoice stands: open (money due), paid (nothing due) or void.</summary>
public enum InvoiceState { Open, Paid, Void }

/// <summary>The list's status filter. Past due = open and due before today.</summary>
public enum InvoiceStatusFilter { Open, PastDue, Paid, Void }

public sealed record InvoiceListQuery
{
    /// <summary>Invoice number or property name, partial.</summary>
    public string? Search { get; init; }
    public int? CustomerId { get; init; }
    public InvoiceStatusFilter? Status { get; init; }
    public InvoiceSource? Source { get; init; }
    /// <summary>Invoice date from (inclusive).</summary>
    public DateOnly? From { get; init; }
    /// <summary>Invoice date to (inclusive).</summary>
    public DateOnly? To { get; init; }
    public string SortBy { get; init; } = nameof(InvoiceListRow.InvoiceDate);
    public bool Descending { get; init; } = true;
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

public sealed record InvoiceListRow(
    int Id, string Number, int CustomerId, string Customer, DateOnly InvoiceDate, DateOnly? DueDate,
    decimal Amount, decimal AmountPaid, decimal Credits, decimal Balance, int DaysPastDue, InvoiceState State,
    InvoiceSource Source);

/// <summary>One page of the list, with the count and money totals of everything the filter matches.</summary>
public sealed record InvoiceListResult(IReadOnlyList<InvoiceListRow> Items, int Total, decimal TotalAmount, decimal TotalBalance);

/// <summary>The invoice page: the invoice, its live payments and credits in date order, and what may be done with it.</summary>
public sealed record InvoiceDetails(
    Invoice Invoice, string CustomerName, int CustomerTermsDays, int? JobNumber, JobStatus? JobStatus,
    IReadOnlyList<InvoicePayment> Lines, InvoiceState State, int DaysPastDue)
{
    /// <summary>Deleting is only for an invoice created by mistake: no money against it, not imported.</summary>
    public bool CanDelete => Invoice.Source == InvoiceSource.Native && Lines.Count == 0 &&
                             Invoice.AmountPaid == 0 && Invoice.Credits == 0;

    public bool IsVoid => State == InvoiceState.Void;
}

/// <summary>What "Create invoice" for a job would produce, or why it cannot.</summary>
public sealed record InvoicePreview(
    int JobId, int JobNumber, JobStatus JobStatus, int CustomerId, string CustomerName, string ServiceType,
    DateOnly ScheduledDate, string? PoNumber, string? ServiceAddress, decimal Amount,
    DateOnly InvoiceDate, DateOnly DueDate, int TermsDays,
    string? Problem, int? ExistingInvoiceId, string? ExistingInvoiceNumber);

/// <summary>A customer's receivables: every open invoice, a few recent others, and the open balance.</summary>
public sealed record CustomerInvoices(
    decimal OpenBalance, decimal PastDueBalance, int TotalCount,
    IReadOnlyList<InvoiceListRow> Open, IReadOnlyList<InvoiceListRow> Recent);

/// <summary>A payment received or a credit given. For a credit, Method holds the reason.</summary>
public sealed class PaymentInput
{
    public PaymentKind Kind { get; set; } = PaymentKind.Payment;
    public DateOnly? Date { get; set; }
    public decimal Amount { get; set; }
    /// <summary>Payments: one of <see cref="InvoiceRules.PaymentMethods"/>. Credits: the reason.</summary>
    public string? Method { get; set; }
    public string? Reference { get; set; }
    public string? Note { get; set; }
}

/// <summary>
/// The outcome of an invoice write. When it did not succeed nothing was written: field errors or a message
/// say why; <see cref="Conflict"/> means someone else changed the invoice first (reload and retry).
/// </summary>
public sealed record InvoiceResult
{
    public int? Id { get; init; }
    public string? Message { get; init; }
    public Dictionary<string, string> Errors { get; init; } = [];
    public bool Conflict { get; init; }
    /// <summary>For "already invoiced": the live invoice the job already has.</summary>
    public int? ExistingInvoiceId { get; init; }

    public bool Succeeded => Message is null && Errors.Count == 0;

    public static InvoiceResult Ok(int id) => new() { Id = id };
    public static InvoiceResult Failed(string message) => new() { Message = message };
    public static InvoiceResult Stale(string message) => new() { Message = message, Conflict = true };
}
