using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using FieldKit.Data.Company;
using FieldKit.Data.Core;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Domain.Statements;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Mail;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Web.Features.Statements;

public sealed record StatementRunRequest(DateOnly AsOf, bool ByManagementCompany, bool Email, string? Message = null);

public readonly record struct RunProgress(int Done, int Total, string? Current);

public sealed record StatementRunResult(int RunId, int Count, decimal TotalDue, int Emailed, int WithoutEmail, TimeSpan Elapsed);

public sealed record RunRow(int Id, DateOnly AsOf, string RunBy, DateTimeOffset At, int Count, decimal TotalDue, bool Emailed);

public sealed record RunDocumentRow(int Id, string Account, string Name, decimal TotalDue, int Invoices, string? EmailedTo);

/// <summary>
/// Statement runs: every customer (or management company) with a balance as of a date, each statement rendered once and
/// kept byte for byte in statement_documents with its run in statement_runs, so a sent statement reopens exactly as sent.
/// Optional email: one mail per statement to its statement contacts, with the PDF attached, through the outbox.
/// </summary>
public sealed class StatementRunService(CompanyDb companyDb, CompanyCatalogue catalogue, IDbContextFactory<CoreDbContext> coreFactory,
    MailOutboxWriter outbox, IWebHostEnvironment env)
{
    public async Task<StatementRunResult> RunAsync(StatementRunRequest request, IProgress<RunProgress>? progress = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var company = catalogue.Get(companyDb.Company);
        var issuer = StatementService.Issuer(company, env);
        var access = await companyDb.AccessAsync(ct);
        await using var db = await companyDb.CreateAsync(Permission.RunStatements, ct);
        var receivables = await StatementService.ReceivablesAsync(db, request.AsOf, request.ByManagementCompany, ct);
        var targets = receivables.Rows.Where(r => r.Ageing.Total > 0).ToList();
        progress?.Report(new RunProgress(0, targets.Count, null));

        // A hundred targets at a time: their data in a handful of queries (BuildManyAsync), then one PDF each.
        var documents = new List<(StatementDocument Doc, StatementData Data)>(targets.Count);
        foreach (var chunk in targets.Chunk(100))
        {
            ct.ThrowIfCancellationRequested();
            var built = await StatementService.BuildManyAsync(db, issuer, chunk.Select(t => t.Target).ToList(), request.AsOf, request.Message, ct);
            foreach (var target in chunk)
            {
                ct.ThrowIfCancellationRequested();
                if (!built.TryGetValue(target.Target, out var data) || data.TotalDue <= 0) continue;
                var pdf = StatementPdf.Render(data);
                documents.Add((new StatementDocument
                {
                    CustomerId = target.Target.CustomerId, ManagementCompanyId = target.Target.ManagementCompanyId, Account = data.Account,
                    Name = data.BillToName, TotalDue = data.TotalDue, InvoiceCount = data.Lines.Count, FileName = StatementService.FileName(data), Pdf = pdf,
                }, data));
                progress?.Report(new RunProgress(documents.Count, targets.Count, data.BillToName));
            }
        }
        ct.ThrowIfCancellationRequested();

        // Mail first into core's context (validated, not yet saved), so a bad address never leaves a run half-recorded.
        await using var core = await coreFactory.CreateDbContextAsync(ct);
        core.Actor = access.Username;
        var emailed = 0;
        var without = 0;
        if (request.Email)
        {
            foreach (var (doc, data) in documents)
            {
                if (data.Emails.Count == 0) { without++; continue; }
                try
                {
                    outbox.Enqueue(core, new OutgoingMail
                    {
                        To = data.Emails, CompanyCode = company.Code,
                        Subject = $"Statement from {company.Name} as of {data.AsOf:MM/dd/yyyy}: {StatementPdf.Money(data.TotalDue)} due",
                        TextBody = $"Hello,\n\nAttached is {company.Name}'s statement for {data.BillToName} (account {data.Account}) as of {data.AsOf:MM/dd/yyyy}. " +
                                   $"Total due: {StatementPdf.Money(data.TotalDue)}.\n\n{data.Message}\n\n{company.Name}" +
                                   (company.Phone is null ? "" : $"\n{company.Phone}") + (company.RemitToAddress is null ? "" : $"\nRemit to: {company.RemitToAddress}"),
                        Attachments = [new MailAttachment(doc.FileName, doc.Pdf, "application/pdf")],
                    });
                    doc.EmailedTo = string.Join(", ", data.Emails);
                    emailed++;
                }
                catch (InvalidMailException) { without++; }
            }
        }

        var run = new StatementRun
        {
            AsOf = request.AsOf, RunBy = access.Username, StatementCount = documents.Count, TotalDue = documents.Sum(d => d.Doc.TotalDue),
            Emailed = emailed > 0,
            Statements = JsonSerializer.Serialize(documents.Select(d => new { account = d.Doc.Account, name = d.Doc.Name, totalDue = d.Doc.TotalDue, invoices = d.Doc.InvoiceCount, emailedTo = d.Doc.EmailedTo })),
        };
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.StatementRuns.Add(run);
            await db.SaveChangesAsync(ct);
            foreach (var (doc, _) in documents) doc.StatementRunId = run.Id;
            db.AddRange(documents.Select(d => d.Doc));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        if (emailed > 0)
        {
            // The run is recorded; the mail commits next (separate database: see MailOutboxWriter's remarks).
            await core.SaveChangesAsync(CancellationToken.None);
            outbox.Nudge();
        }
        return new StatementRunResult(run.Id, documents.Count, run.TotalDue, emailed, without, clock.Elapsed);
    }

    public async Task<IReadOnlyList<RunRow>> RunsAsync(int take = 30, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.RunStatements, ct);
        return await db.StatementRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(take)
            .Select(r => new RunRow(r.Id, r.AsOf, r.RunBy, r.CreatedAt, r.StatementCount, r.TotalDue, r.Emailed)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<RunDocumentRow>> DocumentsAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.RunStatements, ct);
        return await db.Set<StatementDocument>().AsNoTracking().Where(d => d.StatementRunId == runId).OrderBy(d => d.Name)
            .Select(d => new RunDocumentRow(d.Id, d.Account, d.Name, d.TotalDue, d.InvoiceCount, d.EmailedTo)).ToListAsync(ct);
    }

    /// <summary>A run as one merged PDF or a zip of its statements, from the kept bytes.</summary>
    internal static async Task<(string FileName, string ContentType, byte[] Content)?> RunFileAsync(CompanyDbContext db, int runId, bool zip, CancellationToken ct)
    {
        var run = await db.StatementRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null) return null;
        var docs = await db.Set<StatementDocument>().AsNoTracking().Where(d => d.StatementRunId == runId).OrderBy(d => d.Name)
            .Select(d => new { d.FileName, d.Pdf }).ToListAsync(ct);
        var name = $"statements-{db.CompanyCode}-{run.AsOf:yyyy-MM-dd}-run{run.Id}";
        if (!zip) return (name + ".pdf", "application/pdf", docs.Count == 0 ? [] : StatementPdf.Merge(docs.Select(d => d.Pdf)));
        using var ms = new MemoryStream();
        using (var archive = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var d in docs)
            {
                var entryName = used.Add(d.FileName) ? d.FileName : Path.GetFileNameWithoutExtension(d.FileName) + $"-{used.Count}.pdf";
                var entry = archive.CreateEntry(entryName, CompressionLevel.Fastest);
                await using var s = await entry.OpenAsync(ct);
                await s.WriteAsync(d.Pdf, ct);
            }
        }
        return (name + ".zip", "application/zip", ms.ToArray());
    }
}
