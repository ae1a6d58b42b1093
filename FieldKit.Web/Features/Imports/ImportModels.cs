using FieldKit.Domain.Imports;

namespace FieldKit.Web.Features.Imports;

public enum RowAction { Insert, Update, Unchanged, Rejected }

/// <summary>What the user chose for a customer name that matched no customer: an existing customer, a new one, or skip its rows.</summary>
public sealed record NameDecision(string Company, string NameKey, int? CustomerId = null, bool Create = false, bool Skip = false);

public sealed record PreviewRow(
    int RowNumber, string Company, string InvoiceNumber, string CustomerName, RowAction Action, string? Reason,
    int? CustomerId, string? MatchedBy, decimal Amount, decimal Balance, string? Changes);

public sealed record CustomerChoice(int Id, string Name, string? Address);

public sealed record UnmatchedName(string Company, string Name, string NameKey, string? Address, int Rows, decimal Balance,
    IReadOnlyList<CustomerChoice> Suggestions);

public sealed record CompanyPreview(string Company, string CompanyName, int Insert, int Update, int Unchanged, int Rejected,
    decimal InvoiceTotal, decimal BalanceTotal);

/// <summary>A header the detector could not place, and the fields still missing: the user maps them once per company.</summary>
public sealed record MappingNeeded(IReadOnlyList<string> UnknownHeaders, IReadOnlyList<ImportField> Missing);

public sealed record ImportPreview
{
    public required string FileName { get; init; }
    public required int HeaderRow { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }
    public IReadOnlyList<string> IgnoredHeaders { get; init; } = [];
    public MappingNeeded? Mapping { get; init; }
    public IReadOnlyList<PreviewRow> Rows { get; init; } = [];
    public IReadOnlyList<UnmatchedName> Unmatched { get; init; } = [];
    public IReadOnlyList<CompanyPreview> Companies { get; init; } = [];

    public int Count(RowAction action) => Rows.Count(r => r.Action == action);
    public bool CanCommit => Mapping is null && Unmatched.Count == 0 && Rows.Any(r => r.Action != RowAction.Rejected);
}

public sealed record ImportCommitResult(bool Succeeded, string Message, IReadOnlyList<(string Company, int BatchId)> Batches)
{
    public static ImportCommitResult Failed(string message) => new(false, message, []);
}

public sealed record BatchRow(int Id, string FileName, string UploadedBy, DateTimeOffset At, int Inserted, int Updated, int Unchanged,
    int Rejected, DateTimeOffset? UndoneAt, string? UndoneBy);

/// <summary>One row's outcome as kept in import_batches.row_outcomes; updates carry the previous values so the batch can be undone.</summary>
public sealed record RowOutcome
{
    public int Row { get; init; }
    public string? Number { get; init; }
    public RowAction Action { get; init; }
    public string? Reason { get; init; }
    public int? InvoiceId { get; init; }
    public int? CustomerId { get; init; }
    public bool CustomerCreated { get; init; }
    public PreviousValues? Previous { get; init; }
}

public sealed record PreviousValues(decimal Amount, decimal TaxAmount, decimal AmountPaid, decimal Credits, decimal Balance,
    string? ExternalStatus, DateOnly InvoiceDate, DateOnly? DueDate, string? PoNumber, string? ServiceAddress);
