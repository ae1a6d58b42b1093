using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Security.Claims;
using System.Text;
using FieldKit.Data.Company;
using FieldKit.Data.Core;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Account;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Imports;
using FieldKit.Web.Features.Invoices;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Statements;

/// <summary>
/// `FieldKit.Web bench-statements [company] [rows]`: (1) one statement, data and PDF, p50/p95 over 100 iterations;
/// (2) the first 100 customers with a balance as statements, sequentially, five times; (3) an import of a generated
/// export of <c>rows</c> invoices (default 10,000, names of existing customers) through ImportService: preview, then
/// commit, then undo (which leaves the data as it was). A benchmark, not a test: it prints figures.
/// </summary>
public static class StatementBench
{
    public static async Task<int> RunAsync(WebApplication app, string[] args, CancellationToken ct)
    {
        var company = args.Length > 1 ? args[1] : "kleanit_charlotte";
        var rows = args.Length > 2 && int.TryParse(args[2], out var n) ? n : 10_000;
        var sp = app.Services;
        var catalogue = sp.GetRequiredService<CompanyCatalogue>();
        var factory = sp.GetRequiredService<CompanyDbContextFactory>();
        var env = sp.GetRequiredService<IWebHostEnvironment>();
        var asOf = InvoiceRules.Today(TimeProvider.System, sp.GetRequiredService<IOptions<FieldKitOptions>>().Value.TimeZone);
        var issuer = StatementService.Issuer(catalogue.Get(company), env);

        List<StatementTarget> targets;
        await using (var db = factory.Create(company, "bench"))
            targets = (await StatementService.ReceivablesAsync(db, asOf, false, ct)).Rows.Where(r => r.Ageing.Total > 0).Select(r => r.Target).Take(100).ToList();
        if (targets.Count == 0)
        {
            Console.Error.WriteLine($"No customer of {company} has a balance: run ./fieldkit seed-demo first.");
            return 1;
        }
        Console.WriteLine($"bench-statements on {company}, as of {asOf:yyyy-MM-dd}, {Environment.ProcessorCount} cores");

        // 1. One statement, data included (own context each time, as a request would).
        var times = new List<double>();
        var invoices = 0;
        var bytes = 0;
        for (var i = 0; i < 120; i++)
        {
            var sw = Stopwatch.StartNew();
            await using var db = factory.Create(company, "bench");
            var data = await StatementService.BuildAsync(db, issuer, targets[i % targets.Count], asOf, null, ct);
            var pdf = StatementPdf.Render(data!);
            sw.Stop();
            if (i >= 20) { times.Add(sw.Elapsed.TotalMilliseconds); invoices += data!.Lines.Count; bytes += pdf.Length; }
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  one statement (data + PDF): p50 {times[times.Count / 2]:0.0} ms, p95 {times[(int)(times.Count * 0.95)]:0.0} ms, max {times[^1]:0.0} ms " +
            $"(avg {invoices / (double)times.Count:0.0} invoices, {bytes / times.Count / 1024.0:0.0} KB)   goal < 50 ms"));

        // 2. 100 statements in one go (one context and one BuildManyAsync, as a run does per hundred).
        var batch = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            var sw = Stopwatch.StartNew();
            await using var db = factory.Create(company, "bench");
            var built = await StatementService.BuildManyAsync(db, issuer, targets, asOf, null, ct);
            foreach (var t in targets) StatementPdf.Render(built[t]);
            batch.Add(sw.Elapsed.TotalMilliseconds);
        }
        batch.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {targets.Count} statements: median {batch[2]:0} ms, best {batch[0]:0} ms, worst {batch[^1]:0} ms   goal < 1000 ms"));

        // 3. Import of a generated export through the real service, as the first admin of the company.
        await using var scope = sp.CreateAsyncScope();
        if (!await SignInAsAdminAsync(scope.ServiceProvider, company, ct)) { Console.Error.WriteLine("No admin user to import as."); return 1; }
        scope.ServiceProvider.GetRequiredService<CurrentCompany>().Set(catalogue.Get(company));
        var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
        List<string> names;
        await using (var db = factory.Create(company, "bench"))
            names = await db.Customers.AsNoTracking().OrderBy(c => c.Id).Select(c => c.PropertyName).Take(500).ToListAsync(ct);
        var file = Export(rows, names, DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture)[^8..]);
        var total = Stopwatch.StartNew();
        var preview = await imports.PreviewAsync("bench.xlsx", file, [], ct);
        var previewMs = total.Elapsed.TotalMilliseconds;
        var commit = await imports.CommitAsync("bench.xlsx", file, [], ct);
        var allMs = total.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  import {rows:N0} rows ({file.Length / 1024.0 / 1024:0.0} MB xlsx): preview {previewMs:0} ms ({preview.Count(RowAction.Insert):N0} new, {preview.Unmatched.Count} unmatched), " +
            $"commit {allMs - previewMs:0} ms, total {allMs:0} ms   goal < 10000 ms   [{commit.Message}]"));
        if (commit.Succeeded)
        {
            var undo = Stopwatch.StartNew();
            var (ok, message) = await imports.UndoAsync(commit.Batches.Single(b => b.Company == company).BatchId, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  undo: {undo.Elapsed.TotalMilliseconds:0} ms ({(ok ? "ok" : message)})"));
        }
        return 0;
    }

    private static async Task<bool> SignInAsAdminAsync(IServiceProvider sp, string company, CancellationToken ct)
    {
        await using var core = await sp.GetRequiredService<IDbContextFactory<CoreDbContext>>().CreateDbContextAsync(ct);
        core.Actor = "bench";
        var admin = await core.UserCompanyRoles.Where(r => r.CompanyCode == company && r.Role == Role.Admin)
            .Select(r => r.User!).Where(u => u.IsActive).FirstOrDefaultAsync(ct);
        if (admin is null) return false;
        var session = new UserSession { Id = Guid.NewGuid(), UserId = admin.Id, CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddHours(1), Address = "127.0.0.1" };
        core.UserSessions.Add(session);
        await core.SaveChangesAsync(ct);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, admin.Username), new Claim(FieldKitClaims.SessionId, session.Id.ToString()),
            new Claim(FieldKitClaims.SecurityStamp, admin.SecurityStamp),
        ], "bench"));
        ((IHostEnvironmentAuthenticationStateProvider)sp.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return true;
    }

    /// <summary>A ServiceFusion-shaped export: five title rows, the header on row 6, inline strings.</summary>
    private static byte[] Export(int rows, List<string> names, string run)
    {
        string[] header = ["Invoice#", "Customer Name", "Invoice Date", "Invoice Total", "Tax Total", "Tax Rate Name", "Invoice Total Due", "Status"];
        var sheet = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        sheet.Append("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Report_Invoice</t></is></c></row>");
        void Row(int r, IReadOnlyList<string> cells)
        {
            sheet.Append(CultureInfo.InvariantCulture, $"<row r=\"{r}\">");
            for (var c = 0; c < cells.Count; c++)
                sheet.Append(CultureInfo.InvariantCulture, $"<c r=\"{(char)('A' + c)}{r}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(cells[c])}</t></is></c>");
            sheet.Append("</row>");
        }
        Row(6, header);
        var start = new DateOnly(2025, 1, 1);
        for (var i = 0; i < rows; i++)
        {
            var total = 100m + i % 900 + 0.25m;
            var due = i % 3 == 0 ? 0m : total;
            Row(7 + i, [$"B{run}-{i}", names[i % names.Count], start.AddDays(i % 600).ToString("MM/dd/yyyy", CultureInfo.InvariantCulture),
                total.ToString("$#,##0.00", CultureInfo.InvariantCulture), "$0.00", "Exempt", due.ToString("$#,##0.00", CultureInfo.InvariantCulture), due == 0 ? "PAID IN FULL" : "UNPAID"]);
        }
        sheet.Append("</sheetData></worksheet>");
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, true))
        {
            void Put(string name, string content)
            {
                using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
                w.Write(content);
            }
            Put("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>");
            Put("xl/worksheets/sheet1.xml", sheet.ToString());
        }
        return ms.ToArray();
    }
}
