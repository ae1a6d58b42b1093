using FieldKit.Domain.Entities;
using FieldKit.Domain.Statements;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Statements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace FieldKit.Tests.Statements;

[Collection(DatabaseCollection.Name)]
public sealed class StatementTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    private const string Company = "getagrip";
    private static readonly DateOnly AsOf = new(2026, 11, 30);
    private int _oakId, _pineId, _managementId;

    public async Task InitializeAsync()
    {
        await fx.ResetAsync();
        await fx.SeedDemoUsersAsync();
        await using var db = fx.Company(Company, "seed");
        var mgmt = new ManagementCompany { Name = "Greystar Southeast", Address = "500 Tryon St", City = "Charlotte", State = "NC", Zip = "28202" };
        db.ManagementCompanies.Add(mgmt);
        await db.SaveChangesAsync();
        var oak = new Customer { PropertyName = "Oak Hollow Apartments", Address = "400 Oak Hollow Dr", City = "Charlotte", State = "NC", Zip = "28210", ManagementCompanyId = mgmt.Id };
        var pine = new Customer { PropertyName = "Pine Ridge", Address = "12 Pine Ridge Ln", City = "Charlotte", State = "NC", Zip = "28211", ManagementCompanyId = mgmt.Id };
        db.Customers.AddRange(oak, pine);
        await db.SaveChangesAsync();
        (_oakId, _pineId, _managementId) = (oak.Id, pine.Id, mgmt.Id);
        db.CustomerContacts.Add(new CustomerContact { CustomerId = oak.Id, FirstName = "Dana", LastName = "Price", Email = "dana@oakhollow.example", ReceivesStatements = true });
        // 45 open invoices over a year (several pages), one paid, one paid after the as-of date, one credit.
        for (var i = 0; i < 45; i++)
        {
            var date = AsOf.AddDays(-8 * i - 1);
            db.Invoices.Add(new Invoice { Number = $"G-{7000 + i}", CustomerId = oak.Id, InvoiceDate = date, DueDate = date.AddDays(30), Amount = 100 + i, Balance = 100 + i,
                PoNumber = $"PO-{i}", ServiceAddress = $"Building {i % 9 + 1}, 400 Oak Hollow Dr, Charlotte, NC 28210", Source = i % 2 == 0 ? InvoiceSource.Imported : InvoiceSource.Native });
        }
        db.Invoices.Add(new Invoice { Number = "G-PAID", CustomerId = oak.Id, InvoiceDate = AsOf.AddDays(-40), DueDate = AsOf.AddDays(-10), Amount = 70, AmountPaid = 70, Balance = 0 });
        var late = new Invoice { Number = "G-LATEPAY", CustomerId = pine.Id, InvoiceDate = AsOf.AddDays(-20), DueDate = AsOf.AddDays(10), Amount = 250, AmountPaid = 250, Balance = 0 };
        db.Invoices.Add(late);
        db.Invoices.Add(new Invoice { Number = "G-CREDIT", CustomerId = pine.Id, InvoiceDate = AsOf.AddDays(-3), DueDate = AsOf.AddDays(-3), Amount = -45, Balance = -45, Source = InvoiceSource.Imported });
        db.Invoices.Add(new Invoice { Number = "G-VOID", CustomerId = pine.Id, InvoiceDate = AsOf.AddDays(-3), Amount = 99, Balance = 0, VoidedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        db.InvoicePayments.Add(new InvoicePayment { InvoiceId = late.Id, Kind = PaymentKind.Payment, Date = AsOf.AddDays(2), Amount = 250, Method = "check" });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(AsyncServiceScope Scope, T Service)> AsAsync<T>(string user) where T : notnull
    {
        var scope = await app.ForUserAsync(fx, user);
        scope.ServiceProvider.GetRequiredService<CurrentCompany>().Set(fx.Catalogue.Get(Company));
        return (scope, scope.ServiceProvider.GetRequiredService<T>());
    }

    private static string Text(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return string.Join("\n", doc.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Fact]
    public async Task The_PDF_holds_the_customer_every_open_invoice_and_the_total_across_pages()
    {
        var (scope, statements) = await AsAsync<StatementService>("michele");
        await using var _ = scope;
        var data = (await statements.BuildAsync(StatementTarget.Customer(_oakId), AsOf))!;
        Assert.Equal(45, data.Lines.Count);
        Assert.Equal(Enumerable.Range(0, 45).Sum(i => 100m + i), data.TotalDue);
        Assert.Equal(data.TotalDue, data.Ageing.Current + data.Ageing.Days1To30 + data.Ageing.Days31To60 + data.Ageing.Days61To90 + data.Ageing.Over90);
        Assert.Equal("Dana Price", data.Attention);

        var pdf = StatementPdf.Render(data);
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "fieldkit-statement-sample.pdf"), pdf);
        var text = Text(pdf);
        using var doc = PdfDocument.Open(pdf);
        Assert.True(doc.NumberOfPages >= 2);
        Assert.Contains("Oak Hollow Apartments", text);
        Assert.Contains("Attention: Dana Price", text);
        Assert.Contains("Get a Grip Charlotte", text);
        foreach (var line in data.Lines) Assert.Contains(line.InvoiceNumber, text);
        Assert.DoesNotContain("G-PAID", text);
        Assert.Contains(StatementPdf.Money(data.TotalDue), text);
        Assert.Contains("Carried forward", text);
        Assert.Contains("Brought forward", text);
        Assert.Contains($"Page 1 of {doc.NumberOfPages}", text);
        Assert.Contains($"Page {doc.NumberOfPages} of {doc.NumberOfPages}", text);
    }

    [Fact]
    public async Task A_management_statement_covers_its_properties_and_balances_are_as_of_the_date()
    {
        var (scope, statements) = await AsAsync<StatementService>("michele");
        await using var _ = scope;
        var data = (await statements.BuildAsync(StatementTarget.Management(_managementId), AsOf))!;
        Assert.Equal("Greystar Southeast", data.BillToName);
        // The late payment came after the as-of date: on that date the invoice was still owed.
        var late = data.Lines.Single(l => l.InvoiceNumber == "G-LATEPAY");
        Assert.Equal((250m, 0m), (late.Balance, late.Paid));
        Assert.Contains(data.Lines, l => l.InvoiceNumber == "G-CREDIT" && l.Balance == -45m);
        Assert.DoesNotContain(data.Lines, l => l.InvoiceNumber == "G-VOID");
        Assert.Equal(47, data.Lines.Count);
        var text = Text(StatementPdf.Render(data));
        Assert.Contains("Pine Ridge", text);
        Assert.Contains("(\u002445.00)", text);

        var today = (await statements.BuildAsync(StatementTarget.Customer(_pineId), AsOf.AddDays(5)))!;
        Assert.DoesNotContain(today.Lines, l => l.InvoiceNumber == "G-LATEPAY");
    }

    [Fact]
    public async Task Receivables_age_each_customer_and_the_totals_add_up()
    {
        var (scope, statements) = await AsAsync<StatementService>("walter"); // manager of kleanit_charlotte only
        await using var s = scope;
        await Assert.ThrowsAsync<FieldKit.Domain.Security.PermissionDeniedException>(() => statements.ReceivablesAsync(AsOf));
        var (scope2, mine) = await AsAsync<StatementService>("chriso"); // salesperson: may view
        await using var s2 = scope2;
        var r = await mine.ReceivablesAsync(AsOf);
        Assert.Equal(["Oak Hollow Apartments", "Pine Ridge"], r.Rows.Select(x => x.Name));
        Assert.Equal(r.Rows.Sum(x => x.Ageing.Total), r.Totals.Total);
        Assert.Equal(r.Totals.Current + r.Totals.PastDue, r.Totals.Total);
        Assert.Equal(205m, r.Rows.Single(x => x.Name == "Pine Ridge").Ageing.Total);
        var byManagement = await mine.ReceivablesAsync(AsOf, byManagement: true);
        Assert.Equal(r.Totals.Total, byManagement.Rows.Single().Ageing.Total);
        await Assert.ThrowsAsync<FieldKit.Domain.Security.PermissionDeniedException>(() => mine.BuildAsync(StatementTarget.Customer(_oakId), AsOf));
    }

    [Fact]
    public async Task A_run_keeps_each_PDF_and_emails_statement_contacts_through_the_outbox()
    {
        var (scope, runs) = await AsAsync<StatementRunService>("michele");
        await using var _ = scope;
        var progress = new List<RunProgress>();
        var result = await runs.RunAsync(new StatementRunRequest(AsOf, false, Email: true), new SyncProgress(progress.Add));
        Assert.Equal(2, result.Count);
        Assert.Equal(1, result.Emailed);     // Oak Hollow has a statement contact; Pine Ridge has none
        Assert.Equal(1, result.WithoutEmail);
        Assert.Equal((2, 2), (progress[^1].Done, progress[^1].Total));
        await using var db = fx.Company(Company);
        var run = await db.StatementRuns.SingleAsync();
        Assert.Equal((2, "michele", true), (run.StatementCount, run.RunBy, run.Emailed));
        var docs = await db.Set<StatementDocument>().Where(d => d.StatementRunId == run.Id).ToListAsync();
        Assert.Equal(run.TotalDue, docs.Sum(d => d.TotalDue));
        Assert.Contains("Oak Hollow Apartments", Text(docs.Single(d => d.CustomerId == _oakId).Pdf));
        await using var core = fx.Core();
        var mail = await core.MailOutbox.SingleAsync();
        Assert.Contains("dana@oakhollow.example", mail.Recipients);
        Assert.Contains(".pdf", mail.Attachments);

        var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runs.RunAsync(new StatementRunRequest(AsOf, false, false), null, cancelled.Token));
        Assert.Equal(1, await db.StatementRuns.CountAsync());
    }

    [Fact]
    public async Task A_kept_statement_PDF_is_not_copied_into_the_audit_log_but_its_history_is_kept()
    {
        var (scope, runs) = await AsAsync<StatementRunService>("michele");
        await using var _ = scope;
        await runs.RunAsync(new StatementRunRequest(AsOf, false, Email: false));
        await using var db = fx.Company(Company, "michele");
        var doc = await db.Set<StatementDocument>().OrderBy(d => d.Id).FirstAsync();
        Assert.True(doc.Pdf.Length > 1000);

        var inserted = await db.AuditLog.SingleAsync(a => a.TableName == "statement_documents" && a.RowId == doc.Id && a.Operation == "insert");
        using (var json = System.Text.Json.JsonDocument.Parse(inserted.NewData!))
        {
            Assert.False(json.RootElement.TryGetProperty("pdf", out var __));
            Assert.Equal(doc.FileName, json.RootElement.GetProperty("file_name").GetString());
            Assert.Equal("michele", inserted.ChangedBy);
        }
        Assert.True(inserted.NewData!.Length < 2000, $"audit row of {inserted.NewData.Length} characters");

        // A change of the bytes alone leaves no history row; a change of another column does, still without the bytes.
        var before = await db.AuditLog.CountAsync(a => a.TableName == "statement_documents" && a.RowId == doc.Id);
        doc.Pdf = [.. doc.Pdf, 0x0A];
        await db.SaveChangesAsync();
        Assert.Equal(before, await db.AuditLog.CountAsync(a => a.TableName == "statement_documents" && a.RowId == doc.Id));
        doc.EmailedTo = "ap@oakhollow.example";
        await db.SaveChangesAsync();
        var updated = await db.AuditLog.Where(a => a.TableName == "statement_documents" && a.RowId == doc.Id).OrderBy(a => a.Id).LastAsync();
        Assert.Equal("update", updated.Operation);
        Assert.Contains("ap@oakhollow.example", updated.NewData);
        Assert.DoesNotContain("\"pdf\"", updated.NewData + updated.OldData);
    }

    private sealed class SyncProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
