using System.Globalization;
using System.Net;
using System.Text;
using FieldKit.Data.Company;
using FieldKit.Data.Core;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Sales;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Jobs;
using FieldKit.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Dormancy;

/// <param name="Monday">The report's Monday (job_runs.run_date); it covers the seven days before.</param>
/// <param name="MailsEnqueued">Mails queued by this run.</param>
/// <param name="AlreadySent">Recipients whose mail for this Monday was claimed before (earlier run, other instance).</param>
/// <param name="SkippedRecipients">Recipients with notes to read but no usable email address.</param>
/// <param name="UnavailableCompanies">Companies whose database could not be read (left out of this run).</param>
public sealed record DormancyReportResult(DateOnly Monday, int MailsEnqueued, int AlreadySent,
    IReadOnlyList<string> SkippedRecipients, IReadOnlyList<string> UnavailableCompanies);

/// <summary>One note as the report lists it.</summary>
public sealed record DormancyReportNote(string PropertyName, DateOnly? LastJobDate, string Reason, string? Text, string AuthorName, DateTimeOffset LoggedAt);

/// <summary>
/// The Monday 08:00 report: to each company's managers and admins (active users), the dormancy notes logged in that
/// company during the seven days before the Monday (midnight to midnight, company time), one mail per recipient with
/// a section per company. Nobody with no notes to read gets a mail.
/// </summary>
/// <remarks>
/// Exactly once: per recipient one fieldkit_core transaction inserts job_runs (job <c>dormancy_weekly</c>, scope
/// <c>user:&lt;username&gt;</c>, run_date = the Monday) with ON CONFLICT DO NOTHING and queues the mail only when the
/// row went in; both commit together. Two instances, a restart later in the week, or a second call all lose that
/// race and send nothing. The notes of a past week no longer change, so a late run sends the same content.
/// </remarks>
public sealed class DormancyWeeklyReport(
    CompanyCatalogue catalogue,
    CompanyDbContextFactory companies,
    IDbContextFactory<CoreDbContext> coreFactory,
    MailOutboxWriter outbox,
    IOptions<FieldKitOptions> options,
    ILogger<DormancyWeeklyReport> logger)
{
    public const string Job = "dormancy_weekly";
    public const string Actor = "system:dormancy_weekly";

    public static string RecipientScope(string username) => $"user:{username}";

    /// <param name="monday">The report's Monday (company date).</param>
    /// <param name="now">When the run happens (job_runs.started_at).</param>
    public async Task<DormancyReportResult> SendAsync(DateOnly monday, DateTimeOffset now, CancellationToken ct = default)
    {
        if (monday.DayOfWeek != DormancySchedule.ReportDay) throw new ArgumentException("The weekly report runs for a Monday.", nameof(monday));
        var zone = CompanyTime.Zone(options.Value);
        var (from, to) = DormancySchedule.ReportWindow(monday, zone);

        // 1. Each company's notes of the week (a company that is down is left out and logged).
        var unavailable = new List<string>();
        var notesByCompany = new List<(CompanyInfo Company, IReadOnlyList<DormancyReportNote> Notes)>();
        foreach (var company in catalogue.All)
        {
            try
            {
                await using var db = companies.Create(company.Code, Actor);
                var notes = await NotesAsync(db, from, to, ct);
                if (notes.Count > 0) notesByCompany.Add((company, notes));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Dormancy report for {Monday}: {Company} left out, its database could not be read", monday, company.Code);
                unavailable.Add(company.Code);
            }
        }

        // 2. Recipients: active users with a Manager or Admin role row in a company that has notes.
        var codes = notesByCompany.Select(n => n.Company.Code).ToList();
        var roles = new List<(string Company, string Username, string DisplayName, string? Email)>();
        if (codes.Count > 0)
        {
            await using var core = await coreFactory.CreateDbContextAsync(ct);
            var rows = await core.UserCompanyRoles.AsNoTracking()
                .Where(r => (r.Role == Role.Manager || r.Role == Role.Admin) && codes.Contains(r.CompanyCode) && r.User!.IsActive)
                .Select(r => new { r.CompanyCode, r.User!.Username, r.User.DisplayName, r.User.Email })
                .ToListAsync(ct);
            roles.AddRange(rows.Select(r => (r.CompanyCode, r.Username, r.DisplayName, r.Email)));
        }

        var enqueued = 0;
        var already = 0;
        var skipped = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var user in roles.GroupBy(r => r.Username, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = user.First();
            if (!TryRecipient(first.Email, first.DisplayName, out var to1))
            {
                skipped.Add(user.Key);
                logger.LogWarning("Dormancy report for {Monday}: {User} has notes to read but no usable email address; not sent", monday, user.Key);
                continue;
            }
            var theirs = user.Select(r => r.Company).ToHashSet(StringComparer.Ordinal);
            var sections = notesByCompany.Where(n => theirs.Contains(n.Company.Code)).ToList();
            var (subject, text, html) = Compose(monday, first.DisplayName, sections, zone);
            var mail = new OutgoingMail
            {
                To = [to1],
                Subject = subject,
                TextBody = text,
                HtmlBody = html,
                CompanyCode = sections.Count == 1 ? sections[0].Company.Code : null,
            };
            if (await ClaimAndEnqueueAsync(RecipientScope(user.Key), monday, mail, ct)) enqueued++;
            else already++;
        }
        if (enqueued > 0) outbox.Nudge();
        logger.LogInformation("Dormancy report for {Monday}: {Mails} mails queued, {Already} already sent, {Skipped} skipped (no email)",
            monday, enqueued, already, skipped.Count);
        return new DormancyReportResult(monday, enqueued, already, skipped.ToList(), unavailable);
    }

    public static async Task<IReadOnlyList<DormancyReportNote>> NotesAsync(CompanyDbContext db, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var f = from.ToUniversalTime();
        var t = to.ToUniversalTime();
        return await db.Set<DormancyNote>().AsNoTracking()
            .Where(n => n.LoggedAt >= f && n.LoggedAt < t)
            .Join(db.DormancyAlerts.IgnoreQueryFilters(), n => n.AlertId, a => a.Id, (n, a) => new { n, a })
            .Join(db.Customers.IgnoreQueryFilters(), x => x.n.CustomerId, c => c.Id, (x, c) => new { x.n, x.a, c })
            .OrderBy(x => x.c.PropertyName).ThenBy(x => x.n.LoggedAt)
            .Select(x => new DormancyReportNote(x.c.PropertyName, x.a.LastJobDate, x.n.Reason, x.n.Text, x.n.AuthorName, x.n.LoggedAt))
            .ToListAsync(ct);
    }

    private async Task<bool> ClaimAndEnqueueAsync(string scope, DateOnly monday, OutgoingMail mail, CancellationToken ct)
    {
        await using var core = await coreFactory.CreateDbContextAsync(ct);
        core.Actor = Actor;
        return await outbox.EnqueueOnceAsync(core, Job, scope, monday, mail, ct);
    }

    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    /// <summary>Subject "Dormancy notes, week of Mar 8, 2027", then per company its notes by property.</summary>
    public static (string Subject, string Text, string Html) Compose(DateOnly monday, string displayName,
        IReadOnlyList<(CompanyInfo Company, IReadOnlyList<DormancyReportNote> Notes)> sections, TimeZoneInfo zone)
    {
        var weekStart = monday.AddDays(-7);
        var weekEnd = monday.AddDays(-1);
        var subject = $"Dormancy notes, week of {weekStart.ToString("MMM d, yyyy", Us)}";
        var total = sections.Sum(s => s.Notes.Count);
        var text = new StringBuilder();
        var html = new StringBuilder();
        var hello = string.IsNullOrWhiteSpace(displayName) ? "Hello" : $"Hello {displayName.Trim().Split(' ')[0]}";
        var intro = $"{total} dormancy {(total == 1 ? "note was" : "notes were")} logged {weekStart.ToString("MMM d", Us)}–{weekEnd.ToString("MMM d, yyyy", Us)}.";
        text.Append(hello).Append(",\n\n").Append(intro).Append('\n');
        html.Append("<p>").Append(E(hello)).Append(",</p><p>").Append(E(intro)).Append("</p>");
        foreach (var (company, notes) in sections)
        {
            var heading = $"{company.Name} ({notes.Count} {(notes.Count == 1 ? "note" : "notes")})";
            text.Append('\n').Append(heading).Append('\n').Append(new string('-', heading.Length)).Append('\n');
            html.Append("<h3 style=\"color:").Append(E(company.PrimaryColor)).Append("\">").Append(E(heading)).Append("</h3><ul>");
            foreach (var n in notes)
            {
                var when = TimeZoneInfo.ConvertTime(n.LoggedAt, zone).ToString("ddd MMM d", Us);
                var last = n.LastJobDate is { } d ? $"last job {DormancyRules.DateText(d)}" : "no last job";
                var line = $"{n.PropertyName} ({last}): {DormancyReasons.Label(n.Reason)}{(n.Text is null ? "" : " — " + n.Text)} ({n.AuthorName}, {when})";
                text.Append("- ").Append(line).Append('\n');
                html.Append("<li>").Append(E(line)).Append("</li>");
            }
            html.Append("</ul>");
        }
        text.Append("\nOpen FieldKit, Dormant customers, to follow them up.\n");
        html.Append("<p>Open FieldKit, Dormant customers, to follow them up.</p>");
        return (subject, text.ToString(), html.ToString());
    }

    private static bool TryRecipient(string? email, string displayName, out string to)
    {
        to = "";
        if (string.IsNullOrWhiteSpace(email) || !MailOutboxWriter.TryParseMailbox(email.Trim(), out var mailbox)) return false;
        to = MailOutboxWriter.Format(new MimeKit.MailboxAddress(displayName, mailbox.Address));
        return true;
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
