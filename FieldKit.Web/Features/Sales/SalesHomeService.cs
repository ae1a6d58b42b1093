using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Sales;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Sales;

/// <summary>
/// The salesperson's home across every company they sell for: follow-ups due, hot leads, dormant customers and
/// recent visits, each row tagged with its company. A company whose database is down is named, not fatal.
/// </summary>
public sealed class SalesHomeService(CompanyDb companyDb, CompanyCatalogue catalogue, TimeProvider clock, IOptions<FieldKitOptions> options, ILogger<SalesHomeService> log)
{
    public const int PerSection = 15;

    public async Task<SalesHome> LoadAsync(CancellationToken ct = default)
    {
        var access = await companyDb.AccessAsync(ct);
        var today = CompanyTime.Today(clock, options.Value);
        List<HomeRow> followUps = [], hot = [], dormant = [], recent = [];
        List<string> down = [];
        foreach (var company in catalogue.All.Where(c => access.Has(c.Code, Permission.ManageSales)))
        {
            try
            {
                await LoadCompanyAsync(company, access, today, followUps, hot, dormant, recent, ct);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException { InnerException: Npgsql.NpgsqlException })
            {
                log.LogWarning(ex, "Sales home: {Company} is unreachable", company.Code);
                down.Add(company.Name);
            }
        }
        return new SalesHome(
            [.. followUps.OrderBy(r => r.Date).ThenBy(r => r.Title).Take(PerSection * 2)],
            [.. hot.OrderByDescending(r => r.Date).Take(PerSection)],
            [.. dormant.OrderBy(r => r.Date).Take(PerSection)],
            [.. recent.OrderByDescending(r => r.Date).ThenBy(r => r.Title).Take(PerSection)],
            down);
    }

    private async Task LoadCompanyAsync(CompanyInfo company, UserAccess access, DateOnly today,
        List<HomeRow> followUps, List<HomeRow> hot, List<HomeRow> dormant, List<HomeRow> recent, CancellationToken ct)
    {
        await using var db = await companyDb.CreateAsync(company.Code, Permission.ManageSales, ct);
        var me = access.Username;
        HomeRow Row(string title, string? detail, string href, DateOnly? date) =>
            new(company.Code, company.Name, company.PrimaryColor, title, detail, href, date);

        // My open prospects with their latest visit: few per person, so one query and the rest in memory.
        var mine = await db.SalesProspects.AsNoTracking()
            .Where(p => p.OwnerUsername == me && p.Status != ProspectStatus.Won && p.Status != ProspectStatus.Lost)
            .Select(p => new
            {
                p.Id, p.PropertyName, p.City, p.NextFollowUp,
                Last = db.SalesVisits.Where(v => v.ProspectId == p.Id).OrderByDescending(v => v.VisitedAt)
                    .Select(v => new { v.VisitedAt, v.Tags }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        foreach (var p in mine)
        {
            var href = $"/{company.Code}/sales/prospects/{p.Id}";
            var state = SalesRules.FollowUp(p.NextFollowUp, today);
            if (state is SalesRules.FollowUpState.Overdue or SalesRules.FollowUpState.DueToday)
                followUps.Add(Row(p.PropertyName, state == SalesRules.FollowUpState.Overdue ? $"Overdue since {p.NextFollowUp:M/d}" : "Due today", href, p.NextFollowUp));
            if (p.Last?.Tags.Contains(SalesRules.HotLeadTag) == true)
                hot.Add(Row(p.PropertyName, p.City, href, DateOnly.FromDateTime(p.Last.VisitedAt.UtcDateTime)));
        }

        var alerts = await db.DormancyAlerts.AsNoTracking().Where(a => a.ResolvedAt == null && a.ProspectId == null)
            .OrderBy(a => a.LastJobDate).Take(PerSection)
            .Select(a => new { a.CustomerId, a.Customer!.PropertyName, a.LastJobDate, a.ThresholdWeeks }).ToListAsync(ct);
        dormant.AddRange(alerts.Select(a => Row(a.PropertyName, $"No jobs scheduled in {a.ThresholdWeeks} weeks" + (a.LastJobDate is { } d ? $" · last job {d:M/d/yy}" : ""),
            $"/{company.Code}/customers/{a.CustomerId}", a.LastJobDate)));

        var visits = await db.SalesVisits.AsNoTracking().Where(v => v.SalespersonUsername == me)
            .OrderByDescending(v => v.VisitedAt).Take(PerSection)
            .Select(v => new
            {
                v.VisitedAt, v.ProspectId, v.CustomerId, v.Tags,
                Prospect = db.SalesProspects.Where(p => p.Id == v.ProspectId).Select(p => p.PropertyName).FirstOrDefault(),
                Customer = db.Customers.Where(c => c.Id == v.CustomerId).Select(c => c.PropertyName).FirstOrDefault(),
            }).ToListAsync(ct);
        recent.AddRange(visits.Select(v => Row(v.Prospect ?? v.Customer ?? "(deleted)",
            $"{TimeZoneInfo.ConvertTime(v.VisitedAt, CompanyTime.Zone(options.Value)):M/d h:mm tt}" + (v.Tags.Count > 0 ? " · " + string.Join(", ", v.Tags) : ""),
            v.ProspectId is { } pid ? $"/{company.Code}/sales/prospects/{pid}" : $"/{company.Code}/customers/{v.CustomerId}",
            DateOnly.FromDateTime(v.VisitedAt.UtcDateTime))));
    }
}
