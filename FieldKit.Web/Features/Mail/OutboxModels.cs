using FieldKit.Domain.Entities;

namespace FieldKit.Web.Features.Mail;

public sealed record OutboxQuery
{
    public MailStatus? Status { get; init; }
    /// <summary>Part of a recipient or the subject.</summary>
    public string? Search { get; init; }
    /// <summary>Zero-based.</summary>
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

public sealed record OutboxRow(
    long Id, DateTimeOffset CreatedAt, string Recipients, string Subject, MailStatus Status, int Attempts,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? SentAt, string? LastError, string? CompanyCode);

public sealed record OutboxList(IReadOnlyList<OutboxRow> Items, int Total, IReadOnlyDictionary<MailStatus, int> CountsByStatus);

public sealed record OutboxAttachmentInfo(string Name, string ContentType, long Size);

public sealed record OutboxMail(
    long Id, DateTimeOffset CreatedAt, string Recipients, string Subject, string TextBody, string? HtmlBody,
    IReadOnlyList<OutboxAttachmentInfo> Attachments, MailStatus Status, int Attempts, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? SentAt, string? LastError, string? CompanyCode);

public sealed record OutboxRetryResult(bool Succeeded, string Message);
