using FieldKit.Data.Core;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Account;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Mail;

/// <summary>
/// The outbox as admins read it. Every method checks on the server that the caller holds
/// <see cref="Permission.ReadOutbox"/> in at least one company, and shows only mail of those companies; mail that
/// belongs to no company (company_code null) only to a caller who reads the outbox of every company.
/// </summary>
public sealed class OutboxService(
    IDbContextFactory<CoreDbContext> coreFactory,
    CurrentUser currentUser,
    CompanyCatalogue catalogue,
    IOptions<SmtpOptions> smtp,
    ILogger<OutboxService> logger,
    MailWakeup? wakeup = null)
{
    public const int MaxPageSize = 100;

    /// <summary>False when Smtp:Host is not set: nothing is sent, mail stays in the outbox.</summary>
    public bool SendingConfigured => smtp.Value.IsConfigured && smtp.Value.Problem() is null;

    /// <summary>Whether the caller may open the outbox at all (for the page and the menu; the methods check again).</summary>
    public async Task<bool> CanReadAsync(CancellationToken ct = default)
    {
        var access = await currentUser.GetAsync(ct);
        return catalogue.All.Any(c => access.Has(c.Code, Permission.ReadOutbox));
    }

    /// <summary>Newest first, one page, optionally one status; counts per status for the filter chips.</summary>
    public async Task<OutboxList> ListAsync(OutboxQuery query, CancellationToken ct)
    {
        var scope = await RequireReaderAsync(ct);
        await using var db = await coreFactory.CreateDbContextAsync(ct);
        var visible = Visible(db, scope);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = $"%{EscapeLike(query.Search.Trim())}%";
            visible = visible.Where(m => EF.Functions.ILike(m.Recipients, pattern, "\\") || EF.Functions.ILike(m.Subject, pattern, "\\"));
        }

        var counts = await visible.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var filtered = query.Status is { } status ? visible.Where(m => m.Status == status) : visible;
        var total = query.Status is { } s ? counts.Where(c => c.Key == s).Sum(c => c.Count) : counts.Sum(c => c.Count);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(0, query.Page);
        var items = await filtered
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip(page * size).Take(size)
            .Select(m => new OutboxRow(m.Id, m.CreatedAt, m.Recipients, m.Subject, m.Status, m.Attempts,
                m.NextAttemptAt, m.SentAt, m.LastError, m.CompanyCode))
            .ToListAsync(ct);
        return new OutboxList(items, total, Enum.GetValues<MailStatus>()
            .ToDictionary(v => v, v => counts.Where(c => c.Key == v).Sum(c => c.Count)));
    }

    /// <summary>One mail with its bodies and attachment names (not their bytes); null when missing or not the caller's to see.</summary>
    public async Task<OutboxMail?> GetAsync(long id, CancellationToken ct)
    {
        var scope = await RequireReaderAsync(ct);
        await using var db = await coreFactory.CreateDbContextAsync(ct);
        var m = await Visible(db, scope).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null) return null;
        IReadOnlyList<OutboxAttachmentInfo> attachments;
        try
        {
            attachments = StoredAttachment.Deserialize(m.Attachments).Select(a => new OutboxAttachmentInfo(a.Name, a.ContentType, a.Size)).ToList();
        }
        catch (System.Text.Json.JsonException ex)
        {
            logger.LogWarning(ex, "Mail {MailId} has unreadable attachments", id);
            attachments = [new OutboxAttachmentInfo("(unreadable attachment list)", "", 0)];
        }
        return new OutboxMail(m.Id, m.CreatedAt, m.Recipients, m.Subject, m.TextBody, m.HtmlBody, attachments, m.Status,
            m.Attempts, m.NextAttemptAt, m.SentAt, m.LastError, m.CompanyCode);
    }

    /// <summary>A Failed mail back to Pending with a fresh set of attempts, due now.</summary>
    public async Task<OutboxRetryResult> RetryAsync(long id, CancellationToken ct)
    {
        var scope = await RequireReaderAsync(ct);
        await using var db = await coreFactory.CreateDbContextAsync(ct);
        var changed = await Visible(db, scope)
            .Where(m => m.Id == id && m.Status == MailStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, MailStatus.Pending)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null), ct);
        if (changed == 0)
        {
            var exists = await Visible(db, scope).AnyAsync(m => m.Id == id, ct);
            return new OutboxRetryResult(false, exists ? "Only failed mail can be retried; this one is not failed (any more)." : "That mail was not found.");
        }
        logger.LogInformation("{User} queued failed mail {MailId} again", scope.Username, id);
        wakeup?.Nudge();
        return new OutboxRetryResult(true, SendingConfigured
            ? "Queued again; it will be sent shortly."
            : "Queued again. SMTP is not configured here, so it stays in the outbox.");
    }

    private sealed record ReaderScope(string Username, IReadOnlyList<string> Companies, bool AllCompanies);

    private async Task<ReaderScope> RequireReaderAsync(CancellationToken ct)
    {
        var access = await currentUser.GetAsync(ct);
        var companies = catalogue.All.Where(c => access.Has(c.Code, Permission.ReadOutbox)).Select(c => c.Code).ToList();
        if (companies.Count == 0)
            throw new PermissionDeniedException(access.Username, "", Permission.ReadOutbox);
        return new ReaderScope(access.Username, companies, companies.Count == catalogue.All.Count);
    }

    private static IQueryable<MailOutbox> Visible(CoreDbContext db, ReaderScope scope)
    {
        var companies = scope.Companies.ToList();
        var query = db.MailOutbox.AsNoTracking();
        return scope.AllCompanies
            ? query
            : query.Where(m => m.CompanyCode != null && companies.Contains(m.CompanyCode));
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
