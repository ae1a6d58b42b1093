using System.Diagnostics.CodeAnalysis;
using FieldKit.Data.Core;
using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace FieldKit.Web.Features.Mail;

/// <summary>
/// Queues mail in fieldkit_core's mail_outbox. <see cref="Enqueue"/> only adds the row to the caller's context,
/// so it commits (or rolls back) with whatever caused it when the caller calls SaveChanges in its transaction.
/// After the commit the caller may call <see cref="Nudge"/> so this instance sends at once instead of at the next poll.
/// </summary>
/// <remarks>
/// The outbox lives in fieldkit_core: it shares a transaction with core changes (users, job runs). Mail caused by a
/// change in a company database cannot share that transaction; record it in core first (for example with the job-run
/// claim) or accept that the two commits are separate.
/// </remarks>
public sealed class MailOutboxWriter(TimeProvider clock, MailWakeup wakeup)
{
    public const int MaxSubjectLength = 300;
    /// <summary>All attachments of one mail together; far above a statement PDF (~30 KB), far below what servers refuse.</summary>
    public const long MaxAttachmentBytes = 10 * 1024 * 1024;

    internal static readonly ParserOptions StrictAddresses = CreateParserOptions();

    /// <summary>Adds the mail to <paramref name="db"/> (not saved). Throws <see cref="InvalidMailException"/> and adds nothing when the mail is not sendable.</summary>
    public MailOutbox Enqueue(CoreDbContext db, OutgoingMail mail)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(mail);
        var row = Build(mail, clock.GetUtcNow());
        db.MailOutbox.Add(row);
        return row;
    }

    /// <summary>
    /// Scheduled mail, exactly once: claims (job, scope, runDate) in core's job_runs and queues the mail in the same
    /// transaction. Another instance, or a restart, that tries the same claim gets false and queues nothing.
    /// </summary>
    public async Task<bool> EnqueueOnceAsync(CoreDbContext core, string job, string scope, DateOnly runDate, OutgoingMail mail, CancellationToken ct)
    {
        await using var tx = await core.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().ToUniversalTime();
        var claimed = await core.Database.ExecuteSqlAsync($"""
            INSERT INTO job_runs (job, scope, run_date, started_at, finished_at, outcome)
            VALUES ({job}, {scope}, {runDate}, {now}, {now}, 'queued')
            ON CONFLICT (job, scope, run_date) DO NOTHING
            """, ct);
        if (claimed == 0)
        {
            await tx.RollbackAsync(ct);
            return false;
        }
        Enqueue(core, mail);
        await core.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Wakes this instance's sender; call after the commit.</summary>
    public void Nudge() => wakeup.Nudge();

    internal static MailOutbox Build(OutgoingMail mail, DateTimeOffset now)
    {
        var recipients = ParseRecipients(mail.To);
        var subject = OneLine(mail.Subject);
        if (subject.Length == 0) throw new InvalidMailException("A mail needs a subject.");
        if (subject.Length > MaxSubjectLength) throw new InvalidMailException($"The subject is longer than {MaxSubjectLength} characters.");
        if (mail.TextBody is null) throw new InvalidMailException("A mail needs a text body (the HTML body is optional).");
        if (mail.TextBody.Trim().Length == 0 && string.IsNullOrWhiteSpace(mail.HtmlBody))
            throw new InvalidMailException("A mail needs a body.");
        if (mail.CompanyCode is { Length: > 50 }) throw new InvalidMailException("The company code is too long.");

        return new MailOutbox
        {
            Recipients = string.Join(", ", recipients.Select(Format)),
            Subject = subject,
            TextBody = mail.TextBody,
            HtmlBody = string.IsNullOrWhiteSpace(mail.HtmlBody) ? null : mail.HtmlBody,
            Attachments = StoredAttachment.Serialize(StoreAttachments(mail.Attachments ?? [])),
            Status = MailStatus.Pending,
            Attempts = 0,
            CreatedAt = now,
            NextAttemptAt = null,
            CompanyCode = string.IsNullOrWhiteSpace(mail.CompanyCode) ? null : mail.CompanyCode.Trim(),
        };
    }

    /// <summary>Each entry one mailbox with a domain; duplicates dropped; an empty list refused.</summary>
    internal static IReadOnlyList<MailboxAddress> ParseRecipients(IEnumerable<string>? to)
    {
        var result = new List<MailboxAddress>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in to ?? [])
        {
            var entry = raw?.Trim();
            if (string.IsNullOrEmpty(entry)) continue;
            if (!TryParseMailbox(entry, out var mailbox))
                throw new InvalidMailException($"'{entry}' is not an email address.");
            if (seen.Add(mailbox.Address)) result.Add(mailbox);
        }
        if (result.Count == 0) throw new InvalidMailException("A mail needs at least one recipient.");
        return result;
    }

    internal static bool TryParseMailbox(string text, [NotNullWhen(true)] out MailboxAddress? mailbox)
    {
        if (MailboxAddress.TryParse(StrictAddresses, text, out mailbox)
            && mailbox.Address.IndexOf('@') is > 0 and var at && at < mailbox.Address.Length - 1)
            return true;
        mailbox = null;
        return false;
    }

    /// <summary>Reads back what <see cref="Enqueue"/> stored in the recipients column.</summary>
    internal static InternetAddressList ParseStoredRecipients(string recipients)
    {
        if (!InternetAddressList.TryParse(StrictAddresses, recipients, out var list) || list.Mailboxes.Count() == 0)
            throw new InvalidMailException($"The stored recipients '{recipients}' cannot be read.");
        return list;
    }

    private static List<StoredAttachment> StoreAttachments(IReadOnlyList<MailAttachment> attachments)
    {
        var stored = new List<StoredAttachment>(attachments.Count);
        long total = 0;
        foreach (var a in attachments)
        {
            if (a is null) throw new InvalidMailException("An attachment is missing.");
            var name = Path.GetFileName((a.FileName ?? "").Replace('\\', '/')).Trim();
            if (name.Length == 0) throw new InvalidMailException("An attachment needs a file name.");
            if (a.Content is null) throw new InvalidMailException($"The attachment '{name}' has no content.");
            total += a.Content.LongLength;
            if (total > MaxAttachmentBytes)
                throw new InvalidMailException($"Attachments over {MaxAttachmentBytes / (1024 * 1024)} MB cannot be mailed.");
            var contentType = ContentType.TryParse(a.ContentType ?? "", out var ct) ? ct.MimeType : "application/octet-stream";
            stored.Add(new StoredAttachment(name, contentType, a.Content.LongLength, Convert.ToBase64String(a.Content)));
        }
        return stored;
    }

    /// <summary>"Name &lt;a@b&gt;", the name quoted only when it holds characters that need it (a comma, a dot, quotes).</summary>
    internal static string Format(MailboxAddress mailbox)
    {
        var name = OneLine(mailbox.Name);
        if (name.Length == 0) return mailbox.Address;
        if (name.IndexOfAny(Specials) >= 0)
            name = "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        return $"{name} <{mailbox.Address}>";
    }

    private static readonly char[] Specials = ['(', ')', '<', '>', '[', ']', ':', ';', '@', '\\', ',', '.', '"'];

    private static string OneLine(string? text) =>
        string.Join(' ', (text ?? "").Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static ParserOptions CreateParserOptions()
    {
        var options = ParserOptions.Default.Clone();
        options.AllowAddressesWithoutDomain = false;
        options.AddressParserComplianceMode = RfcComplianceMode.Strict;
        return options;
    }
}
