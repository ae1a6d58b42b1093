using FieldKit.Domain.Security;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Web.Features.Search;

public enum SearchKind { Customer, Contact, ManagementCompany, Prospect }

public sealed record SearchHit(SearchKind Kind, string Title, string? Detail, string Href);

/// <summary>The app bar's search over the current company: customers, contacts, management companies, and prospects for those who sell.</summary>
public sealed class GlobalSearchService(CompanyDb companyDb)
{
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string? text, CancellationToken ct = default)
    {
        if (CustomerService.SearchPatterns(text) is not { } p || text!.Trim().Length < 2) return [];
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        var company = companyDb.Company;
        var digits = p.Digits ?? p.Text;

        var customers = await db.Customers.AsNoTracking()
            .Where(c => EF.Functions.Like(c.SearchText, p.Text, Like.EscapeChar) || EF.Functions.Like(c.SearchText, digits, Like.EscapeChar))
            .OrderBy(c => c.PropertyName).Take(6)
            .Select(c => new { c.Id, c.PropertyName, c.Address, c.City }).ToListAsync(ct);
        var contacts = await db.CustomerContacts.AsNoTracking()
            .Where(x => EF.Functions.Like(x.SearchText, p.Text, Like.EscapeChar) || EF.Functions.Like(x.SearchText, digits, Like.EscapeChar))
            .OrderBy(x => x.LastName).ThenBy(x => x.FirstName).Take(6)
            .Select(x => new { x.CustomerId, x.FirstName, x.LastName, x.Title, x.Customer!.PropertyName }).ToListAsync(ct);
        var managers = await db.ManagementCompanies.AsNoTracking()
            .Where(m => EF.Functions.ILike(m.Name, p.Text, Like.EscapeChar))
            .OrderBy(m => m.Name).Take(4).Select(m => new { m.Id, m.Name }).ToListAsync(ct);

        // Prospects: only for people who sell, and a salesperson's own unless they see everyone's.
        var access = await companyDb.AccessAsync(ct);
        var prospects = access.Has(company, Permission.ManageSales)
            ? await db.SalesProspects.AsNoTracking()
                .Where(x => access.Has(company, Permission.ViewAllSales) || x.OwnerUsername == access.Username)
                .Where(x => EF.Functions.ILike(x.PropertyName, p.Text, Like.EscapeChar) || EF.Functions.ILike(x.Address!, p.Text, Like.EscapeChar))
                .OrderBy(x => x.PropertyName).Take(4).Select(x => new { x.Id, x.PropertyName, x.City }).ToListAsync(ct)
            : [];

        return
        [
            .. customers.Select(c => new SearchHit(SearchKind.Customer, c.PropertyName, string.Join(", ", new[] { c.Address, c.City }.Where(s => s is not null)), $"/{company}/customers/{c.Id}")),
            .. contacts.Select(x => new SearchHit(SearchKind.Contact, $"{x.FirstName} {x.LastName}".Trim(), $"{x.Title} · {x.PropertyName}".Trim(' ', '·'), $"/{company}/customers/{x.CustomerId}")),
            .. managers.Select(m => new SearchHit(SearchKind.ManagementCompany, m.Name, "Management company", $"/{company}/management-companies/{m.Id}")),
            .. prospects.Select(x => new SearchHit(SearchKind.Prospect, x.PropertyName, "Prospect" + (x.City is null ? "" : " · " + x.City), $"/{company}/sales/prospects/{x.Id}")),
        ];
    }
}
