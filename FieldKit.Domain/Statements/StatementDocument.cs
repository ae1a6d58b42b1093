using FieldKit.Domain.Entities;

namespace FieldKit.Domain.Statements;

/// <summary>One statement PDF of a run, kept byte for byte: a sent statement reopens exactly as sent.</summary>
public sealed class StatementDocument : AuditableEntity
{
    public int StatementRunId { get; set; }
    public int? CustomerId { get; set; }
    public int? ManagementCompanyId { get; set; }
    public string Account { get; set; } = "";
    public string Name { get; set; } = "";
    public decimal TotalDue { get; set; }
    public int InvoiceCount { get; set; }
    public string FileName { get; set; } = "";
    public byte[] Pdf { get; set; } = [];
    /// <summary>Addresses the statement was queued to in the mail outbox; null when not emailed.</summary>
    public string? EmailedTo { get; set; }
}
