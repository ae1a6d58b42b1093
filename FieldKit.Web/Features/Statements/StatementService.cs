using FieldKit.Data.Auditing;
using FieldKit.Data.Company;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Domain.Statements;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Invoices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Statements;

/// <summary>Whom a statement is for: one property, or a management company covering all its properties.</summary>
public readonly record struct StatementTarget(int? CustomerId, int? ManagementCompanyId)
{
    public static StatementTarget Customer(int id) => new(id, null);
    public static StatementTarget Management(int id) => new(null, id);
    public string Account => CustomerId is { } c ? $"C-{c}" : $"M-{ManagementCompanyId}";
}

public sealed record ReceivableRow(StatementTarget Target, string Name, string? ManagementCompany, int Invoices, AgeingTotals Ageing, bool HasStatementContact);

public sealed record Receivables(DateOnly AsOf, IReadOnlyList<ReceivableRow> Rows, AgeingTotals Totals);

/// <summary>
/// Open-item statements and receivables of the route's company. Both native and imported invoices count. The balance
/// as of a date is today's balance plus the payments and credits recorded after it, so a statement dated last month
/// shows what was owed then. Reads need RunStatements (statements) or ViewCustomers (receivables).
/// </summary>
public sealed class StatementService(CompanyDb companyDb, CompanyCatalogue catalogue, TimeProvider clock, IOptions<FieldKitOptions> options,
    IWebHostEnvironment env)
{
    public DateOnly Today => InvoiceRules.Today(clock, options.Value.TimeZone);

    public string Company => companyDb.Company;

    public async Task<bool> CanRunAsync(CancellationToken ct = default) =>
        (await companyDb.AccessAsync(ct)).Has(companyDb.Company, Permission.RunStatements);

    public async Task<StatementData?> BuildAsync(StatementTarget target, DateOnly asOf, string? message = null, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.RunStatements, ct);
        return await BuildAsync(db, Issuer(catalogue.Get(companyDb.Company), env), target, asOf, message, ct);
    }

    public async Task<(string FileName, byte[] Pdf)?> PdfAsync(StatementTarget target, DateOnly asOf, CancellationToken ct = default)
    {
        var data = await BuildAsync(target, asOf, null, ct);
        return data is null ? null : (FileName(data), StatementPdf.Render(data));
    }

    public static string FileName(StatementData s) =>
        $"statement-{s.Account}-{Slug(s.BillToName)}-{s.AsOf:yyyy-MM-dd}.pdf";

    private static string Slug(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length > 40 ? slug[..40].TrimEnd('-') : slug;
    }

    public static StatementIssuer Issuer(CompanyInfo c, IWebHostEnvironment? env)
    {
        byte[]? logo = null;
        if (c.LogoPath is { } path && env is not null)
        {
            var file = env.WebRootFileProvider.GetFileInfo(path.TrimStart('/'));
            if (file.Exists && (path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase)))
            {
                using var stream = file.CreateReadStream();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                logo = copy.ToArray();
            }
        }
        return new StatementIssuer(c.Name, c.PrimaryColor, c.SecondaryColor, c.Monogram, c.RemitToAddress, c.Phone, logo);
    }

    private sealed record OpenItem(int Id, int CustomerId, string Number, int? JobId, string? PoNumber, string? ServiceAddress,
        DateOnly InvoiceDate, DateOnly? DueDate, decimal Amount, decimal Balance, decimal PaidAfter);

    /// <summary>
    /// Invoices with a balance on <paramref name="asOf"/>: not void, dated on or before it, balance then ≠ 0. Two parts
    /// (UNION ALL) so each has its own index: today's open invoices (the partial index ix_invoices_open) and the settled
    /// ones with a payment recorded after the date (ix_invoice_payments_date), instead of one OR the planner cannot split.
    /// </summary>
    private static IQueryable<OpenItem> OpenItems(CompanyDbContext db, DateOnly asOf, List<int>? customerIds = null)
    {
        var live = db.Invoices.AsNoTracking().Where(i => i.VoidedAt == null && i.InvoiceDate <= asOf);
        if (customerIds is not null) live = live.Where(i => customerIds.Contains(i.CustomerId));
        return live.Where(i => i.Balance != 0)
            .Concat(live.Where(i => i.Balance == 0 && db.InvoicePayments.Any(p => p.InvoiceId == i.Id && p.Date > asOf)))
            .Select(i => new OpenItem(i.Id, i.CustomerId, i.Number, i.JobId, i.PoNumber, i.ServiceAddress, i.InvoiceDate, i.DueDate, i.Amount, i.Balance,
                db.InvoicePayments.Where(p => p.InvoiceId == i.Id && p.Date > asOf).Sum(p => (decimal?)p.Amount) ?? 0m));
    }

    internal static async Task<StatementData?> BuildAsync(CompanyDbContext db, StatementIssuer issuer, StatementTarget target, DateOnly asOf,
        string? message, CancellationToken ct) =>
        (await BuildManyAsync(db, issuer, [target], asOf, message, ct)).GetValueOrDefault(target);

    /// <summary>
    /// The statements of many targets with one query per kind of data (customers, management companies, open items,
    /// jobs, contacts) for all of them, not per target: a run of a hundred statements is five queries, not four hundred.
    /// A target that no longer exists is missing from the result.
    /// </summary>
    internal static async Task<Dictionary<StatementTarget, StatementData>> BuildManyAsync(CompanyDbContext db, StatementIssuer issuer,
        IReadOnlyCollection<StatementTarget> targets, DateOnly asOf, string? message, CancellationToken ct)
    {
        var result = new Dictionary<StatementTarget, StatementData>();
        if (targets.Count == 0) return result;
        var customerIds = targets.Where(t => t.CustomerId is not null).Select(t => t.CustomerId!.Value).Distinct().ToList();
        var managementIds = targets.Where(t => t.ManagementCompanyId is not null).Select(t => t.ManagementCompanyId!.Value).Distinct().ToList();

        var customerQuery = db.Customers.AsNoTracking().IgnoreQueryFilters([AuditModel.SoftDeleteFilter]);
        var customers = await (managementIds.Count == 0
                ? customerQuery.Where(c => customerIds.Contains(c.Id))
                : customerQuery.Where(c => customerIds.Contains(c.Id) || (c.ManagementCompanyId != null && managementIds.Contains(c.ManagementCompanyId.Value))))
            .ToListAsync(ct);
        var byId = customers.ToDictionary(c => c.Id);
        var managements = managementIds.Count == 0
            ? new Dictionary<int, ManagementCompany>()
            : await db.ManagementCompanies.AsNoTracking().IgnoreQueryFilters([AuditModel.SoftDeleteFilter])
                .Where(m => managementIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);

        var ids = customers.Select(c => c.Id).ToList();
        var items = (await OpenItems(db, asOf, ids).ToListAsync(ct)).Where(i => i.Balance + i.PaidAfter != 0).ToLookup(i => i.CustomerId);
        var jobIds = items.SelectMany(g => g).Where(i => i.JobId is not null).Select(i => i.JobId!.Value).Distinct().ToList();
        var jobs = jobIds.Count == 0
            ? new Dictionary<int, int>()
            : await db.Jobs.AsNoTracking().IgnoreQueryFilters([AuditModel.SoftDeleteFilter]).Where(j => jobIds.Contains(j.Id))
                .Select(j => new { j.Id, j.Number }).ToDictionaryAsync(j => j.Id, j => j.Number, ct);
        var contacts = (await db.CustomerContacts.AsNoTracking().Where(x => ids.Contains(x.CustomerId) && x.ReceivesStatements)
                .Select(x => new { x.CustomerId, x.IsPrimary, x.FirstName, x.LastName, x.Email }).ToListAsync(ct))
            .ToLookup(x => x.CustomerId);

        foreach (var target in targets.Distinct())
        {
            string billTo;
            List<string> address;
            List<Customer> properties;
            if (target.CustomerId is { } customerId)
            {
                if (!byId.TryGetValue(customerId, out var c)) continue;
                properties = [c];
                billTo = c.BillingName ?? c.PropertyName;
                address = c.BillingAddress is not null
                    ? Lines(c.BillingAddress, c.BillingCity, c.BillingState, c.BillingZip)
                    : Lines(c.Address, c.City, c.State, c.Zip);
            }
            else
            {
                if (!managements.TryGetValue(target.ManagementCompanyId!.Value, out var m)) continue;
                properties = customers.Where(x => x.ManagementCompanyId == m.Id).ToList();
                billTo = m.Name;
                address = Lines(m.Address, m.City, m.State, m.Zip);
            }
            var management = target.ManagementCompanyId is not null;
            var lines = properties.SelectMany(p => items[p.Id])
                .OrderBy(i => management ? byId[i.CustomerId].PropertyName : "").ThenBy(i => i.InvoiceDate).ThenBy(i => i.Number.Length).ThenBy(i => i.Number)
                .Select(i =>
                {
                    var balance = i.Balance + i.PaidAfter;
                    var c = byId[i.CustomerId];
                    var where = i.ServiceAddress ?? string.Join(", ", Lines(c.Address, c.City, c.State, c.Zip));
                    if (management) where = $"{c.PropertyName} — {where}";
                    return new StatementLine(i.Number, i.JobId is { } j && jobs.TryGetValue(j, out var n) ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                        i.PoNumber, where, i.InvoiceDate, i.DueDate, i.Amount, i.Amount - balance, balance, Ageing.DaysPastDue(i.DueDate, i.InvoiceDate, asOf));
                }).ToList();
            var people = properties.SelectMany(p => contacts[p.Id]).OrderByDescending(x => x.IsPrimary).ThenBy(x => x.LastName, StringComparer.Ordinal).ToList();
            var ageing = StatementData.AgeLines(lines);
            result[target] = new StatementData
            {
                Issuer = issuer, AsOf = asOf, Account = target.Account, BillToName = billTo, BillToAddress = address,
                Attention = people.Count == 0 ? null : string.Join(", ", people.Select(x => $"{x.FirstName} {x.LastName}".Trim()).Distinct().Take(3)),
                Emails = people.Where(x => !string.IsNullOrWhiteSpace(x.Email)).Select(x => x.Email!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                Lines = lines, Ageing = ageing, Message = message ?? StatementData.DefaultMessage(ageing, issuer.Phone),
            };
        }
        return result;
    }

    private static List<string> Lines(string? street, string? city, string? state, string? zip)
    {
        var lines = new List<string>();
        if (!string.IsNullOrWhiteSpace(street)) lines.Add(street.Trim());
        var cityLine = string.Join(", ", new[] { city, string.Join(' ', new[] { state, zip }.Where(x => !string.IsNullOrWhiteSpace(x))) }
            .Where(x => !string.IsNullOrWhiteSpace(x)));
        if (cityLine.Length > 0) lines.Add(cityLine);
        return lines;
    }

    // ------------------------------------------------------------------ receivables

    /// <summary>Every property (or, with <paramref name="byManagement"/>, every management company) with a balance on the date, aged.</summary>
    public async Task<Receivables> ReceivablesAsync(DateOnly asOf, bool byManagement = false, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        return await ReceivablesAsync(db, asOf, byManagement, ct);
    }

    internal static async Task<Receivables> ReceivablesAsync(CompanyDbContext db, DateOnly asOf, bool byManagement, CancellationToken ct)
    {
        var items = (await OpenItems(db, asOf).ToListAsync(ct))
            .Select(i => new { i.CustomerId, i.InvoiceDate, i.DueDate, Balance = i.Balance + i.PaidAfter }).Where(i => i.Balance != 0).ToList();
        var ids = items.Select(i => i.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().IgnoreQueryFilters([AuditModel.SoftDeleteFilter]).Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.PropertyName, c.ManagementCompanyId, Management = c.ManagementCompany != null ? c.ManagementCompany.Name : null })
            .ToDictionaryAsync(c => c.Id, ct);
        var withContact = (await db.CustomerContacts.AsNoTracking().Where(x => ids.Contains(x.CustomerId) && x.ReceivesStatements && x.Email != null)
            .Select(x => x.CustomerId).Distinct().ToListAsync(ct)).ToHashSet();
        var rows = items
            .GroupBy(i => byManagement && customers[i.CustomerId].ManagementCompanyId is { } m ? StatementTarget.Management(m) : StatementTarget.Customer(i.CustomerId))
            .Select(g =>
            {
                var first = customers[g.First().CustomerId];
                var ageing = AgeingTotals.Of(g.Select(i => (i.DueDate, i.InvoiceDate, i.Balance)), asOf);
                var name = g.Key.ManagementCompanyId is not null ? first.Management ?? "" : first.PropertyName;
                return new ReceivableRow(g.Key, name, g.Key.ManagementCompanyId is null ? first.Management : null, g.Count(), ageing,
                    g.Any(i => withContact.Contains(i.CustomerId)));
            })
            .Where(r => r.Ageing.Total != 0)
            .OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
        return new Receivables(asOf, rows, rows.Aggregate(AgeingTotals.Zero, (t, r) => t.Plus(r.Ageing)));
    }
}
