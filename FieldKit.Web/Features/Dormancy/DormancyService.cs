using FieldKit.Data.Core;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Sales;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Customers;
using FieldKit.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Dormancy;

/// <summary>
/// Dormancy for the screens. Settings and the on-demand scan need ManageSettings (admins, managers); the alert list,
/// notes and "make prospect" need ManageSales (salespeople, managers, admins). Checked here on the server, per company.
/// </summary>
public sealed class DormancyService(
    CompanyDb companyDb,
    CompanyCatalogue catalogue,
    IDbContextFactory<CoreDbContext> coreFactory,
    TimeProvider clock,
    IOptions<FieldKitOptions> options)
{
    public DateOnly Today() => CompanyTime.Today(clock, options.Value);

    // ---------------------------------------------------------------- settings

    public async Task<DormancyConfigView> GetConfigAsync(CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ManageSettings, ct);
        var company = catalogue.Get(companyDb.Company);
        var settings = await DormancyScan.SettingsAsync(db, company, ct);
        await using var core = await coreFactory.CreateDbContextAsync(ct);
        var last = await DormancyScan.LastScanAsync(core, company.Code, ct);
        return new DormancyConfigView(settings.Weeks, settings.IsActive, settings.Version, settings.RowId is not null,
            company.DormancyWeeks, last?.FinishedAt, last?.Outcome);
    }

    /// <summary>Saves weeks (1–52) and on/off. The next scan applies them; a stale version is a conflict.</summary>
    public async Task<SaveResult> SaveConfigAsync(DormancyConfigInput input, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ManageSettings, ct);
        if (DormancyRules.CheckWeeks(input.Weeks) is { } error)
            return new SaveResult { Errors = new() { [nameof(input.Weeks)] = error } };
        var row = await db.DormancyAlertConfigs.OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            row = new DormancyAlertConfig();
            db.DormancyAlertConfigs.Add(row);
        }
        else
        {
            db.Entry(row).Property(c => c.Version).OriginalValue = input.Version;
        }
        row.Weeks = input.Weeks!.Value;
        row.IsActive = input.IsActive;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.DormancyAlertConfigs.AsNoTracking().FirstAsync(c => c.Id == row.Id, ct);
            return SaveResult.Failed($"{current.UpdatedBy} changed these settings after you opened them ({current.Weeks} weeks, {(current.IsActive ? "on" : "off")}). Nothing of yours was saved: reload.");
        }
        return SaveResult.Ok(row.Id);
    }

    /// <summary>The settings page's "Check now": the same scan the 06:00 job runs, for this company.</summary>
    public async Task<DormancyScanResult> ScanNowAsync(CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ManageSettings, ct);
        var company = catalogue.Get(companyDb.Company);
        var now = clock.GetUtcNow();
        var result = await DormancyScan.RunAsync(db, company, CompanyTime.Today(clock, options.Value), now, ct);
        await using var core = await coreFactory.CreateDbContextAsync(ct);
        await DormancyScan.RecordAsync(core, result, now, ct);
        return result;
    }

    // ---------------------------------------------------------------- alerts

    /// <summary>Open alerts, longest quiet first: the route's company, or every company the user has ManageSales in.</summary>
    public async Task<IReadOnlyList<DormancyAlertRow>> ListAsync(DormancyAlertQuery query, CancellationToken ct = default)
    {
        IEnumerable<string> codes = [companyDb.Company];
        if (query.AllCompanies)
        {
            var access = await companyDb.AccessAsync(ct);
            codes = catalogue.All.Select(c => c.Code).Where(c => access.Has(c, Permission.ManageSales));
        }
        var today = Today();
        var rows = new List<DormancyAlertRow>();
        foreach (var code in codes)
            rows.AddRange(await ListCompanyAsync(code, query, today, ct));
        return rows.OrderBy(r => r.LastJobDate).ThenBy(r => r.PropertyName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private async Task<List<DormancyAlertRow>> ListCompanyAsync(string code, DormancyAlertQuery query, DateOnly today, CancellationToken ct)
    {
        await using var db = await companyDb.CreateAsync(code, Permission.ManageSales, ct);
        var company = catalogue.Get(code);
        var alerts = db.DormancyAlerts.AsNoTracking().Where(a => a.ResolvedAt == null);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + Like.Escape(query.Search.Trim()) + "%";
            alerts = alerts.Where(a => EF.Functions.ILike(a.Customer!.PropertyName, pattern, Like.EscapeChar)
                                       || EF.Functions.ILike(a.Customer!.City!, pattern, Like.EscapeChar));
        }
        if (query.Reason == DormancyAlertQuery.NoNotes) alerts = alerts.Where(a => a.Reason == null);
        else if (!string.IsNullOrEmpty(query.Reason)) alerts = alerts.Where(a => a.Reason == query.Reason);
        if (query.Converted is { } converted) alerts = alerts.Where(a => (a.ProspectId != null) == converted);
        if (query.MinWeeksQuiet is { } minWeeks && minWeeks > 0)
        {
            var latest = today.AddDays(-7 * minWeeks);
            alerts = alerts.Where(a => a.LastJobDate <= latest);
        }
        var notes = db.Set<DormancyNote>();
        var list = await alerts
            .Select(a => new
            {
                a.Id, a.CustomerId, a.Customer!.PropertyName, a.Customer.City, a.LastJobDate, a.ThresholdWeeks, a.OpenedAt,
                a.Reason, a.Notes, a.ProspectId, a.Version,
                NoteCount = notes.Count(n => n.AlertId == a.Id),
            })
            .ToListAsync(ct);
        return list.Select(a => new DormancyAlertRow(code, company.Name, company.PrimaryColor, company.AppBarTextColor,
                a.Id, a.CustomerId, a.PropertyName, a.City, a.LastJobDate, DormancyRules.WeeksQuiet(a.LastJobDate, today),
                a.ThresholdWeeks, a.OpenedAt, DormancyRules.Headline(a.PropertyName, a.LastJobDate, today),
                a.Reason, a.Notes, a.NoteCount, a.ProspectId, a.Version))
            .ToList();
    }

    /// <summary>How many alerts are open in the route's company (for badges); 0 without ManageSales.</summary>
    public async Task<int> OpenCountAsync(CancellationToken ct = default)
    {
        var access = await companyDb.AccessAsync(ct);
        if (!access.Has(companyDb.Company, Permission.ManageSales)) return 0;
        await using var db = await companyDb.CreateAsync(Permission.ManageSales, ct);
        return await db.DormancyAlerts.CountAsync(a => a.ResolvedAt == null, ct);
    }

    public async Task<IReadOnlyList<DormancyNoteRow>> NotesAsync(int alertId, string? company = null, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(company ?? companyDb.Company, Permission.ManageSales, ct);
        return await db.Set<DormancyNote>().AsNoTracking().Where(n => n.AlertId == alertId)
            .OrderByDescending(n => n.LoggedAt).ThenByDescending(n => n.Id)
            .Select(n => new DormancyNoteRow(n.Id, n.Reason, n.Text, n.AuthorUsername, n.AuthorName, n.LoggedAt))
            .ToListAsync(ct);
    }

    /// <summary>Logs why the customer went quiet (reason required; text required for "Other"). The alert shows the latest.</summary>
    public async Task<SaveResult> LogNoteAsync(int alertId, DormancyNoteInput input, string? company = null, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(company ?? companyDb.Company, Permission.ManageSales, ct);
        var access = await companyDb.AccessAsync(ct);
        var errors = new Dictionary<string, string>();
        var text = string.IsNullOrWhiteSpace(input.Text) ? null : input.Text.Trim();
        if (input.Reason is null) errors[nameof(input.Reason)] = "Choose a reason.";
        else if (input.Reason == DormancyReason.Other && text is null) errors[nameof(input.Text)] = "Say what the reason is.";
        if (text is { Length: > DormancyRules.NoteMaxLength }) errors[nameof(input.Text)] = $"Keep the note under {DormancyRules.NoteMaxLength} characters.";
        if (errors.Count > 0) return new SaveResult { Errors = errors };

        var alert = await db.DormancyAlerts.FirstOrDefaultAsync(a => a.Id == alertId, ct);
        if (alert is null) return SaveResult.Failed("This alert no longer exists.");
        if (alert.ResolvedAt is not null) return SaveResult.Failed("This alert was closed (work is scheduled for the customer again); the note was not logged.");
        var note = new DormancyNote
        {
            AlertId = alert.Id,
            CustomerId = alert.CustomerId,
            Reason = input.Reason!.Value.ToString(),
            Text = text,
            AuthorUsername = access.Username,
            AuthorName = access.DisplayName.Length > 0 ? access.DisplayName : access.Username,
            LoggedAt = clock.GetUtcNow(),
        };
        db.Add(note);
        alert.Reason = note.Reason;
        alert.Notes = text;
        await db.SaveChangesAsync(ct);
        return SaveResult.Ok(note.Id);
    }

    /// <summary>
    /// Turns the alert into a sales prospect with status "dormant customer", owned by the signed-in salesperson, its
    /// property fields copied from the customer. The alert stays open (it closes when work is scheduled) and links the
    /// prospect. Converting twice returns the prospect made the first time.
    /// </summary>
    public async Task<SaveResult> ConvertToProspectAsync(int alertId, string? company = null, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(company ?? companyDb.Company, Permission.ManageSales, ct);
        var access = await companyDb.AccessAsync(ct);
        var alert = await db.DormancyAlerts.Include(a => a.Customer!).ThenInclude(c => c.ManagementCompany)
            .FirstOrDefaultAsync(a => a.Id == alertId, ct);
        if (alert?.Customer is null) return SaveResult.Failed("This alert no longer exists.");
        if (alert.ProspectId is { } existing && await db.SalesProspects.AnyAsync(p => p.Id == existing, ct))
            return SaveResult.Ok(existing);

        var c = alert.Customer;
        var prospect = new SalesProspect
        {
            PropertyName = c.PropertyName,
            Address = c.Address,
            City = c.City,
            State = c.State,
            Zip = c.Zip,
            ManagementCompanyName = c.ManagementCompany?.Name,
            UnitCount = c.UnitCount,
            Status = ProspectStatus.DormantCustomer,
            OwnerUsername = access.Username,
            Source = "Dormancy alert",
            DormantFromCustomerId = c.Id,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.SalesProspects.Add(prospect);
        try
        {
            await db.SaveChangesAsync(ct);
            alert.ProspectId = prospect.Id;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            return SaveResult.Failed("Someone changed this alert at the same moment (perhaps made it a prospect already). Nothing was saved: reload.");
        }
        return SaveResult.Ok(prospect.Id);
    }
}
