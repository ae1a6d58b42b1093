using FieldKit.Data.Company;
using FieldKit.Data.Core;
using FieldKit.Domain.Approvals;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FieldKit.Web.Features.Approvals;

/// <summary>One day's digest run; the worker calls it, tests call it directly or wrap it.</summary>
public interface IApprovalDigest
{
    /// <summary>Whether <paramref name="localDate"/>'s run has finished (its day row exists in job_runs).</summary>
    Task<bool> IsDoneAsync(DateOnly localDate, CancellationToken ct = default);

    Task<ApprovalDigestResult> RunAsync(DateOnly localDate, CancellationToken ct = default);
}

/// <param name="MailsEnqueued">Digests queued by this run.</param>
/// <param name="AlreadySent">Recipients whose digest for the day was claimed before (an earlier run or another instance).</param>
/// <param name="SkippedRecipients">Usernames that would have received a digest but have no usable email address.</param>
/// <param name="UnavailableCompanies">Company codes whose database could not be read; their items are missing from this run.</param>
public sealed record ApprovalDigestResult(
    DateOnly Date,
    int MailsEnqueued,
    int AlreadySent,
    IReadOnlyList<string> SkippedRecipients,
    IReadOnlyList<string> UnavailableCompanies);

/// <summary>
/// The noon approval digest: one mail per recipient listing every pending approval request of the companies they
/// receive for (the company's managers and its admins, active users only).
/// </summary>
/// <remarks>
/// <para><b>Exactly once.</b> For each recipient one fieldkit_core transaction inserts a job_runs row
/// (job <c>approval_digest</c>, scope <c>user:&lt;username&gt;</c>, run_date = the local date) with
/// <c>ON CONFLICT DO NOTHING</c> and, only when the row was inserted, queues the mail in mail_outbox; both commit
/// together. The unique index on (job, scope, run_date) lets exactly one run win per recipient and day, whether
/// the competitor is a second instance, a restart or a second call; a run that dies part-way leaves its claims and
/// their mail together, and the next run sends only the rest. After all recipients, a day row (scope <c>*</c>) marks the
/// day done so a restart later that day does nothing.</para>
/// <para><b>A company that is down</b> is logged and left out (the day row's outcome says <c>partial</c> and names
/// it); the others are still sent.</para>
/// </remarks>
public sealed class ApprovalDigest(
    CompanyCatalogue catalogue,
    CompanyDbContextFactory companies,
    IDbContextFactory<CoreDbContext> coreFactory,
    MailOutboxWriter outbox,
    TimeProvider clock,
    IOptions<FieldKitOptions> options,
    ILogger<ApprovalDigest> logger) : IApprovalDigest
{
    public const string Job = "approval_digest";
    public const string DayScope = "*";
    public const string Actor = "system:approval_digest";

    public static string RecipientScope(string username) => $"user:{username}";

    /// <summary><c>{base}/{company}/approvals?item={id}</c>: the queue of that company, opened at the item.</summary>
    public static string ItemLink(string baseUrl, string companyCode, int id) =>
        $"{baseUrl.TrimEnd('/')}/{Uri.EscapeDataString(companyCode)}/approvals?item={id}";

    public async Task<bool> IsDoneAsync(DateOnly localDate, CancellationToken ct = default)
    {
        await using var core = await coreFactory.CreateDbContextAsync(ct);
        return await core.JobRuns.AsNoTracking()
            .AnyAsync(r => r.Job == Job && r.Scope == DayScope && r.RunDate == localDate, ct);
    }

    public async Task<ApprovalDigestResult> RunAsync(DateOnly localDate, CancellationToken ct = default)
    {
        var baseUrl = options.Value.PublicBaseUrl;
        var unavailable = new List<(string Code, string Error)>();

        // 1. What is pending, per company (catalogue order). A company that is down is left out.
        var pending = new List<(CompanyInfo Company, List<DigestItem> Items)>();
        foreach (var company in catalogue.All)
        {
            try
            {
                await using var db = companies.Create(company.Code, Actor);
                var rows = await db.ApprovalQueue.AsNoTracking()
                    .Where(a => a.Status == ApprovalStatus.Pending)
                    .OrderBy(a => a.SubmittedAt).ThenBy(a => a.Id)
                    .Select(a => new { a.Id, a.Summary, a.RequestType, a.TargetName, a.ContactName })
                    .ToListAsync(ct);
                if (rows.Count == 0) continue;
                pending.Add((company, rows.Select(r => new DigestItem(
                    string.IsNullOrWhiteSpace(r.Summary) ? ApprovalTypes.Summary(r.RequestType, r.TargetName, r.ContactName, []) : r.Summary,
                    ItemLink(baseUrl, company.Code, r.Id))).ToList()));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Approval digest for {Date}: {Company} left out, its database could not be read", localDate, company.Code);
                unavailable.Add((company.Code, ex.Message));
            }
        }

        // 2. Who receives each company's section: its managers, then its admins (active users with an email address).
        var skipped = new SortedSet<string>(StringComparer.Ordinal);
        var sections = new List<(CompanyInfo Company, List<Recipient> Recipients, List<DigestItem> Items)>();
        if (pending.Count > 0)
        {
            var codes = pending.Select(p => p.Company.Code).ToList();
            List<RoleRow> roles;
            await using (var core = await coreFactory.CreateDbContextAsync(ct))
            {
                roles = await core.UserCompanyRoles.AsNoTracking()
                    .Where(r => (r.Role == Role.Manager || r.Role == Role.Admin) && codes.Contains(r.CompanyCode) && r.User!.IsActive)
                    .Select(r => new RoleRow(r.CompanyCode, r.Role, r.User!.Username, r.User.DisplayName, r.User.Email))
                    .ToListAsync(ct);
            }
            foreach (var (company, items) in pending)
            {
                var recipients = new List<Recipient>();
                foreach (var user in roles.Where(r => r.CompanyCode == company.Code).GroupBy(r => r.Username, StringComparer.Ordinal))
                {
                    var first = user.First();
                    if (!TryMailbox(first, out var mailbox))
                    {
                        if (skipped.Add(first.Username))
                            logger.LogWarning("Approval digest for {Date}: {User} has approvals to see but no usable email address; not sent",
                                localDate, first.Username);
                        continue;
                    }
                    recipients.Add(new Recipient(first.Username, DigestText.FirstName(first.DisplayName, first.Username), mailbox,
                        IsManager: user.Any(r => r.Role == Role.Manager)));
                }
                recipients = recipients
                    .OrderBy(r => r.IsManager ? 0 : 1)
                    .ThenBy(r => r.FirstName, StringComparer.OrdinalIgnoreCase)
                    .ThenBy(r => r.Username, StringComparer.Ordinal)
                    .ToList();
                if (recipients.Count > 0) sections.Add((company, recipients, items));
            }
        }

        // 3. One mail per recipient, claimed and queued in one core transaction.
        var enqueued = 0;
        var alreadySent = 0;
        var everyone = sections.SelectMany(s => s.Recipients)
            .DistinctBy(r => r.Username)
            .OrderBy(r => r.Username, StringComparer.Ordinal)
            .ToList();
        foreach (var recipient in everyone)
        {
            var own = sections.Where(s => s.Recipients.Any(r => r.Username == recipient.Username)).ToList();
            var message = DigestText.Compose(localDate, own
                .Select(s => new DigestSection(s.Company.Name, s.Recipients.Select(r => r.FirstName).ToList(), s.Items))
                .ToList());
            var mail = new OutgoingMail
            {
                To = [recipient.Mailbox],
                Subject = message.Subject,
                TextBody = message.Text,
                HtmlBody = message.Html,
                CompanyCode = own.Count == 1 ? own[0].Company.Code : null,
            };
            if (await ClaimAndEnqueueAsync(RecipientScope(recipient.Username), localDate, mail, ct)) enqueued++;
            else alreadySent++;
        }
        if (enqueued > 0) outbox.Nudge();

        // 4. The day is done: a restart later today does not run again.
        await MarkDayDoneAsync(localDate, enqueued, unavailable, ct);

        var result = new ApprovalDigestResult(localDate, enqueued, alreadySent, skipped.ToList(), unavailable.Select(u => u.Code).ToList());
        logger.LogInformation(
            "Approval digest for {Date}: {Mails} mails queued, {AlreadySent} already sent, {Skipped} skipped (no email), unavailable companies: {Unavailable}",
            localDate, result.MailsEnqueued, result.AlreadySent, result.SkippedRecipients.Count,
            result.UnavailableCompanies.Count == 0 ? "none" : string.Join(", ", result.UnavailableCompanies));
        return result;
    }

    private async Task<bool> ClaimAndEnqueueAsync(string scope, DateOnly date, OutgoingMail mail, CancellationToken ct)
    {
        await using var core = await coreFactory.CreateDbContextAsync(ct);
        core.Actor = Actor;
        return await outbox.EnqueueOnceAsync(core, Job, scope, date, mail, ct);
    }

    private async Task MarkDayDoneAsync(DateOnly date, int enqueued, List<(string Code, string Error)> unavailable, CancellationToken ct)
    {
        await using var core = await coreFactory.CreateDbContextAsync(ct);
        core.Actor = Actor;
        var now = clock.GetUtcNow();
        var outcome = unavailable.Count == 0 ? "done" : "partial";
        var error = unavailable.Count == 0
            ? null
            : string.Join("; ", unavailable.Select(u => $"{u.Code} unavailable: {u.Error}"));
        if (error is { Length: > 2000 }) error = error[..2000];
        // The first run to finish records the day; a second instance finishing later changes nothing.
        await core.Database.ExecuteSqlAsync($"""
            INSERT INTO job_runs (job, scope, run_date, started_at, finished_at, outcome, error)
            VALUES ({Job}, {DayScope}, {date}, {now}, {now}, {outcome + $" ({enqueued} sent)"}, {error})
            ON CONFLICT (job, scope, run_date) DO NOTHING
            """, ct);
    }

    private static bool TryMailbox(RoleRow user, out string mailbox)
    {
        mailbox = "";
        if (string.IsNullOrWhiteSpace(user.Email) || !MailOutboxWriter.TryParseMailbox(user.Email.Trim(), out var parsed))
            return false;
        var name = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Username : user.DisplayName.Trim();
        // Encoded form: a name with a comma, quotes or non-ASCII letters reads back as one mailbox.
        mailbox = new MailboxAddress(name, parsed.Address).ToString(true);
        return true;
    }

    private sealed record RoleRow(string CompanyCode, Role Role, string Username, string DisplayName, string? Email);

    private sealed record Recipient(string Username, string FirstName, string Mailbox, bool IsManager);
}
