using FieldKit.Data.Company;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Security;
using FieldKit.Domain.Statements;
using FieldKit.Web.Features.Account;
using FieldKit.Web.Features.Invoices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Statements;

/// <summary>
/// File downloads (plain HTTP, so the browser saves them): a statement PDF, a run's merged PDF or zip, one kept
/// statement, an import's original file. CompanyRouteMiddleware has already answered 404/403 for the company;
/// each endpoint checks its own permission on the server.
/// </summary>
public static class StatementEndpoints
{
    public static void MapStatementEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{company}/statements/{kind:regex(^(customer|management)$)}/{id:int}.pdf", async (string company, string kind, int id, string? asOf,
            HttpContext http, CompanyDbContextFactory factory, CompanyCatalogue catalogue, IWebHostEnvironment env, TimeProvider clock,
            IOptions<FieldKitOptions> options, CancellationToken ct) =>
        {
            if (Open(http, factory, company, Permission.RunStatements) is not { } db) return Results.StatusCode(StatusCodes.Status403Forbidden);
            await using (db)
            {
                var date = DateOnly.TryParse(asOf, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : InvoiceRules.Today(clock, options.Value.TimeZone);
                var target = kind == "customer" ? StatementTarget.Customer(id) : StatementTarget.Management(id);
                var data = await StatementService.BuildAsync(db, StatementService.Issuer(catalogue.Get(company), env), target, date, null, ct);
                return data is null ? Results.NotFound() : Results.File(StatementPdf.Render(data), "application/pdf", StatementService.FileName(data));
            }
        });
        app.MapGet("/{company}/statements/runs/{id:int}.{format:regex(^(pdf|zip)$)}", async (string company, int id, string format, HttpContext http,
            CompanyDbContextFactory factory, CancellationToken ct) =>
        {
            if (Open(http, factory, company, Permission.RunStatements) is not { } db) return Results.StatusCode(StatusCodes.Status403Forbidden);
            await using (db)
            {
                var file = await StatementRunService.RunFileAsync(db, id, format == "zip", ct);
                return file is null ? Results.NotFound() : Results.File(file.Value.Content, file.Value.ContentType, file.Value.FileName);
            }
        });
        app.MapGet("/{company}/statements/documents/{id:int}.pdf", async (string company, int id, HttpContext http, CompanyDbContextFactory factory, CancellationToken ct) =>
        {
            if (Open(http, factory, company, Permission.RunStatements) is not { } db) return Results.StatusCode(StatusCodes.Status403Forbidden);
            await using (db)
            {
                var doc = await db.Set<StatementDocument>().AsNoTracking().Where(d => d.Id == id).Select(d => new { d.FileName, d.Pdf }).FirstOrDefaultAsync(ct);
                return doc is null ? Results.NotFound() : Results.File(doc.Pdf, "application/pdf", doc.FileName);
            }
        });
        app.MapGet("/{company}/imports/{id:int}/file", async (string company, int id, HttpContext http, CompanyDbContextFactory factory, CancellationToken ct) =>
        {
            if (Open(http, factory, company, Permission.ImportInvoices) is not { } db) return Results.StatusCode(StatusCodes.Status403Forbidden);
            await using (db)
            {
                var b = await db.ImportBatches.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.FileName, x.FileContent }).FirstOrDefaultAsync(ct);
                return b is null ? Results.NotFound() : Results.File(b.FileContent, "application/octet-stream", b.FileName);
            }
        });
    }

    private static CompanyDbContext? Open(HttpContext http, CompanyDbContextFactory factory, string company, Permission permission)
    {
        var access = SessionCookieEvents.AccessOf(http);
        return access.Has(company, permission) ? factory.Create(company, access.Username) : null;
    }
}
