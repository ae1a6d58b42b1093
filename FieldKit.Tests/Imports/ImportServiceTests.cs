using FieldKit.Data.Auditing;
using FieldKit.Domain.Customers;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Imports;
using FieldKit.Domain.Security;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FieldKit.Tests.Imports;

[Collection(DatabaseCollection.Name)]
public sealed class ImportServiceTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    private const string Kc = "kleanit_charlotte";
    private const string Sf = "kleanit_sf";
    private int _ballantyneId, _palmBayId, _nativeCustomerId;

    public async Task InitializeAsync()
    {
        await fx.ResetAsync();
        await fx.SeedDemoUsersAsync();
        await using (var kc = fx.Company(Kc, "seed"))
        {
            var ballantyne = new Customer { PropertyName = "The Reserve at Ballantyne", Address = "100 Ballantyne Commons Pkwy", City = "Charlotte", State = "NC" };
            var native = new Customer { PropertyName = "Native Place", Address = "1 Native Rd", City = "Charlotte", State = "NC" };
            kc.Customers.AddRange(ballantyne, native, new Customer { PropertyName = "Morrocroft Village", Address = "4500 Morrocroft Rd", City = "Charlotte" });
            await kc.SaveChangesAsync();
            (_ballantyneId, _nativeCustomerId) = (ballantyne.Id, native.Id);
            kc.Invoices.Add(new Invoice { Number = "N-500", CustomerId = native.Id, InvoiceDate = new DateOnly(2026, 10, 1), Amount = 50, Balance = 50 });
            await kc.SaveChangesAsync();
        }
        await using var sf = fx.Company(Sf, "seed");
        var palm = new Customer { PropertyName = "Palm Bay Villas", Address = "9 Palm Bay Dr", City = "Fort Lauderdale", State = "FL" };
        sf.Customers.Add(palm);
        await sf.SaveChangesAsync();
        _palmBayId = palm.Id;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(AsyncServiceScope Scope, ImportService Service)> AsAsync(string user, string company = Kc)
    {
        var scope = await app.ForUserAsync(fx, user);
        scope.ServiceProvider.GetRequiredService<CurrentCompany>().Set(fx.Catalogue.Get(company));
        return (scope, scope.ServiceProvider.GetRequiredService<ImportService>());
    }

    private static readonly List<string[]> Rows =
    [
        ExportFiles.Row("SF-1001", "Reserve at Ballantyne", "10/01/2026", "$1,234.50", "$1,234.50", "UNPAID"),
        ExportFiles.Row("SF-1002", "The Reserve at Ballantyne,", "10/15/2026", "200.00", "0.00", "PAID IN FULL"),
        ExportFiles.Row("SF-1003", "Morrocroft Village Apts", "09/01/2026", "300.00", "300.00", "PAST DUE", "4500 Morrocroft Road"),
        ExportFiles.Row("SF-1004", "*FL* Palm Bay Villas", "10/03/2026", "(45.00)", "(45.00)", "UNPAID"),
        ExportFiles.Row("SF-1005", "Palm Bay Villas *FL*", "10/04/2026", "500.00", "125.00", "UNPAID"),
        ExportFiles.Row("SF-1006", "Reserve at Ballantyne", "not a date", "10.00", "10.00"),
        ExportFiles.Row("SF-1001", "Reserve at Ballantyne", "10/01/2026", "$1,234.50", "$1,234.50", "UNPAID"),
        ["", "", "", "$2,189.50", "", "", "$1,614.50", "", "", "", "", "", "", ""], // report total line
    ];

    private async Task<(int Invoices, int Batches, decimal Balance)> StateAsync(string company)
    {
        await using var db = fx.Company(company);
        return (await db.Invoices.CountAsync(), await db.ImportBatches.CountAsync(), await db.Invoices.SumAsync(i => i.Balance));
    }

    [Fact]
    public async Task Preview_writes_nothing_then_commit_imports_routes_FL_rows_and_a_second_import_changes_nothing()
    {
        var file = ExportFiles.Xlsx(Rows, brokenComments: true);
        var (scope, imports) = await AsAsync("michele");
        await using var _ = scope;

        var preview = await imports.PreviewAsync("Report_Invoice.xlsx", file);
        Assert.Equal(6, preview.HeaderRow);
        Assert.Empty(preview.Unmatched);
        Assert.Equal(5, preview.Count(RowAction.Insert));
        Assert.Equal([12, 13, 14], preview.Rows.Where(r => r.Action == RowAction.Rejected).Select(r => r.RowNumber).Order());
        Assert.Contains(preview.Rows, r => r.RowNumber == 12 && r.Reason!.Contains("not a date"));
        Assert.Contains(preview.Rows, r => r.RowNumber == 13 && r.Reason!.Contains("already on row 7"));
        Assert.Equal("address", preview.Rows.Single(r => r.InvoiceNumber == "SF-1003").MatchedBy);
        Assert.All(preview.Rows.Where(r => r.Company == Sf), r => Assert.DoesNotContain("*FL*", r.CustomerName));
        Assert.Equal(2, preview.Companies.Single(c => c.Company == Sf).Insert);
        Assert.Equal((1, 0, 50m), await StateAsync(Kc));          // nothing written by the preview
        Assert.Equal((0, 0, 0m), await StateAsync(Sf));

        var result = await imports.CommitAsync("Report_Invoice.xlsx", file, []);
        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(4, (await StateAsync(Kc)).Invoices);
        Assert.Equal((2, 1, 80.00m), await StateAsync(Sf));
        await using (var sf = fx.Company(Sf))
        {
            var credit = await sf.Invoices.SingleAsync(i => i.Number == "SF-1004");
            Assert.Equal((_palmBayId, -45.00m, InvoiceSource.Imported), (credit.CustomerId, credit.Amount, credit.Source));
        }
        await using (var kc = fx.Company(Kc))
        {
            var first = await kc.Invoices.SingleAsync(i => i.Number == "SF-1001");
            Assert.Equal((_ballantyneId, 1234.50m, 1234.50m, 0m, new DateOnly(2026, 10, 31)), (first.CustomerId, first.Amount, first.Balance, first.AmountPaid, first.DueDate));
            var paid = await kc.Invoices.SingleAsync(i => i.Number == "SF-1002");
            Assert.Equal((200m, 0m, "PAID IN FULL"), (paid.AmountPaid, paid.Balance, paid.ExternalStatus));
            var batch = await kc.ImportBatches.SingleAsync();
            Assert.Equal((3, 0, 0, 3, "michele"), (batch.InsertedCount, batch.UpdatedCount, batch.UnchangedCount, batch.RejectedCount, batch.UploadedBy));
            Assert.Equal(file, batch.FileContent);
        }

        var before = (await StateAsync(Kc), await StateAsync(Sf));
        var again = await imports.PreviewAsync("Report_Invoice.xlsx", file);
        Assert.Equal(0, again.Count(RowAction.Insert) + again.Count(RowAction.Update));
        Assert.Equal(5, again.Count(RowAction.Unchanged));
        Assert.True((await imports.CommitAsync("Report_Invoice.xlsx", file, [])).Succeeded);
        var after = (await StateAsync(Kc), await StateAsync(Sf));
        Assert.Equal((before.Item1.Invoices, before.Item1.Balance, before.Item2.Invoices, before.Item2.Balance),
            (after.Item1.Invoices, after.Item1.Balance, after.Item2.Invoices, after.Item2.Balance));
        await using var check = fx.Company(Kc);
        var second = await check.ImportBatches.OrderByDescending(b => b.Id).FirstAsync();
        Assert.Equal((0, 0, 3), (second.InsertedCount, second.UpdatedCount, second.UnchangedCount));
    }

    [Fact]
    public async Task A_changed_balance_updates_without_duplicating_and_undo_puts_it_back_then_removes_inserts()
    {
        var (scope, imports) = await AsAsync("walter");
        await using var _ = scope;
        var first = ExportFiles.Csv([ExportFiles.Row("SF-2001", "Reserve at Ballantyne", "10/01/2026", "500.00", "500.00")]);
        Assert.True((await imports.CommitAsync("export.csv", first, [])).Succeeded);
        var paid = ExportFiles.Csv([
            ExportFiles.Row("SF-2001", "Reserve at Ballantyne", "10/01/2026", "500.00", "100.00", "PAST DUE"),
            ExportFiles.Row("SF-2002", "Reserve at Ballantyne", "10/20/2026", "75.25", "75.25"),
        ]);
        var preview = await imports.PreviewAsync("export.csv", paid);
        var update = preview.Rows.Single(r => r.Action == RowAction.Update);
        Assert.Contains("balance 500.00 → 100.00", update.Changes);
        var result = await imports.CommitAsync("export.csv", paid, []);
        Assert.True(result.Succeeded);
        await using (var db = fx.Company(Kc))
        {
            var inv = await db.Invoices.SingleAsync(i => i.Number == "SF-2001");
            Assert.Equal((100m, 400m, "PAST DUE"), (inv.Balance, inv.AmountPaid, inv.ExternalStatus));
        }

        // The first batch cannot be undone while the later one that changed the same invoice stands.
        var batches = await imports.BatchesAsync();
        var (refused, why) = await imports.UndoAsync(batches[^1].Id);
        Assert.False(refused);
        Assert.Contains("undo it first", why);

        var (ok, message) = await imports.UndoAsync(result.Batches.Single().BatchId);
        Assert.True(ok, message);
        await using (var db = fx.Company(Kc))
        {
            var inv = await db.Invoices.SingleAsync(i => i.Number == "SF-2001");
            Assert.Equal((500m, 0m, "UNPAID"), (inv.Balance, inv.AmountPaid, inv.ExternalStatus));
            Assert.False(await db.Invoices.AnyAsync(i => i.Number == "SF-2002"));
            Assert.True(await db.Invoices.IgnoreQueryFilters([AuditModel.SoftDeleteFilter]).AnyAsync(i => i.Number == "SF-2002" && i.DeletedBy == "walter"));
        }
        Assert.True((await imports.UndoAsync(batches[^1].Id)).Succeeded);
        Assert.Equal(1, (await StateAsync(Kc)).Invoices); // only the native invoice is left
    }

    [Fact]
    public async Task Unmatched_names_are_listed_and_never_created_until_the_user_decides()
    {
        var (scope, imports) = await AsAsync("michele");
        await using var _ = scope;
        var file = ExportFiles.Csv([
            ExportFiles.Row("SF-3001", "Brand New Towers", "10/01/2026", "80.00", "80.00", address: "77 Nowhere Ln"),
            ExportFiles.Row("SF-3002", "Ballantyne Reserve", "10/01/2026", "90.00", "90.00"),
            ExportFiles.Row("SF-3003", "Skip Me Court", "10/01/2026", "10.00", "10.00"),
            ExportFiles.Row("N-500", "Native Place", "10/01/2026", "50.00", "0.00"),
        ]);
        var preview = await imports.PreviewAsync("export.csv", file);
        Assert.Equal(["Ballantyne Reserve", "Brand New Towers", "Skip Me Court"], preview.Unmatched.Select(u => u.Name));
        Assert.Contains(preview.Rows, r => r.InvoiceNumber == "N-500" && r.Action == RowAction.Rejected && r.Reason!.Contains("FieldKit invoice"));
        Assert.False(preview.CanCommit);
        var refused = await imports.CommitAsync("export.csv", file, []);
        Assert.False(refused.Succeeded);
        Assert.Contains("need a customer", refused.Message);
        Assert.Equal((1, 0), ((await StateAsync(Kc)).Invoices, (await StateAsync(Kc)).Batches));
        await using (var before = fx.Company(Kc)) Assert.Equal(3, await before.Customers.CountAsync()); // no customer created silently

        NameDecision Key(string name) => new(Kc, MatchKeys.Name(name));
        var decisions = new List<NameDecision>
        {
            Key("Brand New Towers") with { Create = true },
            Key("Ballantyne Reserve") with { CustomerId = _ballantyneId },
            Key("Skip Me Court") with { Skip = true },
        };
        Assert.True((await imports.PreviewAsync("export.csv", file, decisions)).CanCommit);
        Assert.True((await imports.CommitAsync("export.csv", file, decisions)).Succeeded);
        await using var db = fx.Company(Kc);
        var created = await db.Customers.SingleAsync(c => c.PropertyName == "Brand New Towers");
        Assert.Equal("77 Nowhere Ln", created.Address);
        Assert.Equal(_ballantyneId, (await db.Invoices.SingleAsync(i => i.Number == "SF-3002")).CustomerId);
        Assert.False(await db.Invoices.AnyAsync(i => i.Number == "SF-3003"));
        Assert.Equal(50m, (await db.Invoices.SingleAsync(i => i.Number == "N-500")).Balance);
    }

    [Fact]
    public async Task An_unmatched_name_can_be_given_any_customer_found_by_search_or_a_new_one_and_commit_uses_that_choice()
    {
        var (scope, imports) = await AsAsync("michele");
        await using var _ = scope;
        var file = ExportFiles.Csv([
            ExportFiles.Row("SF-4001", "MV Apartments LLC", "10/01/2026", "120.00", "120.00"),          // no suggestion: matches nothing
            ExportFiles.Row("SF-4002", "MV Apartments LLC", "10/05/2026", "30.00", "30.00"),
            ExportFiles.Row("SF-4003", "Quail Hollow Flats", "10/02/2026", "75.25", "75.25", address: "12 Quail Hollow Rd"),
        ]);
        var preview = await imports.PreviewAsync("export.csv", file);
        var mv = preview.Unmatched.Single(u => u.Name == "MV Apartments LLC");
        Assert.Empty(mv.Suggestions);
        Assert.Equal((2, 150m), (mv.Rows, mv.Balance));

        // The user finds Morrocroft Village by part of its name (not a suggestion) and creates Quail Hollow Flats.
        var found = await imports.FindCustomersAsync(Kc, "morrocroft");
        var morrocroft = Assert.Single(found);
        Assert.Equal("Morrocroft Village", morrocroft.Name);
        Assert.Empty(await imports.FindCustomersAsync(Kc, "m"));       // too short to search
        Assert.Empty(await imports.FindCustomersAsync(Kc, "100%"));    // LIKE wildcards are literal
        var decisions = new List<NameDecision>
        {
            new(Kc, mv.NameKey, CustomerId: morrocroft.Id),
            new(Kc, MatchKeys.Name("Quail Hollow Flats"), Create: true),
        };
        var decided = await imports.PreviewAsync("export.csv", file, decisions);
        Assert.Empty(decided.Unmatched);
        Assert.True(decided.CanCommit);
        Assert.All(decided.Rows.Where(r => r.InvoiceNumber != "SF-4003"), r => Assert.Equal((RowAction.Insert, morrocroft.Id), (r.Action, r.CustomerId!.Value)));
        await using (var before = fx.Company(Kc)) Assert.False(await before.Customers.AnyAsync(c => c.PropertyName == "Quail Hollow Flats")); // preview creates nothing

        var result = await imports.CommitAsync("export.csv", file, decisions);
        Assert.True(result.Succeeded, result.Message);
        await using var db = fx.Company(Kc);
        Assert.Equal([morrocroft.Id, morrocroft.Id], await db.Invoices.Where(i => i.Number == "SF-4001" || i.Number == "SF-4002").Select(i => i.CustomerId).ToListAsync());
        var quail = await db.Customers.SingleAsync(c => c.PropertyName == "Quail Hollow Flats");
        Assert.Equal("12 Quail Hollow Rd", quail.Address);
        Assert.Equal(quail.Id, (await db.Invoices.SingleAsync(i => i.Number == "SF-4003")).CustomerId);
        Assert.Equal(4, await db.Customers.CountAsync()); // exactly one customer created, the one asked for
    }

    [Fact]
    public async Task Finding_customers_checks_the_permission_of_the_company_searched()
    {
        var (scope, imports) = await AsAsync("walter"); // manager of Kleanit Charlotte only
        await using var _ = scope;
        Assert.NotEmpty(await imports.FindCustomersAsync(Kc, "Ballantyne"));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => imports.FindCustomersAsync(Sf, "Palm"));
        var (salesScope, sales) = await AsAsync("chriso");
        await using var __ = salesScope;
        await Assert.ThrowsAsync<PermissionDeniedException>(() => sales.FindCustomersAsync(Kc, "Ballantyne"));
    }

    [Fact]
    public async Task The_uploaded_file_and_row_outcomes_stay_in_the_batch_not_in_the_audit_log()
    {
        var (scope, imports) = await AsAsync("michele");
        await using var _ = scope;
        var file = ExportFiles.Xlsx([ExportFiles.Row("SF-5001", "The Reserve at Ballantyne", "10/01/2026", "10.00", "10.00")]);
        var result = await imports.CommitAsync("export.xlsx", file, []);
        Assert.True(result.Succeeded, result.Message);
        var batchId = result.Batches.Single().BatchId;
        await using var db = fx.Company(Kc);
        var batch = await db.ImportBatches.SingleAsync(b => b.Id == batchId);
        Assert.Equal(file, batch.FileContent);
        Assert.Contains("SF-5001", batch.RowOutcomes);
        var history = await db.AuditLog.Where(a => a.TableName == "import_batches" && a.RowId == batchId).ToListAsync();
        Assert.Contains(history, a => a.Operation == "insert" && a.NewData!.Contains("export.xlsx"));
        Assert.All(history, a => Assert.DoesNotContain("file_content", (a.NewData ?? "") + a.OldData));
        Assert.All(history, a => Assert.DoesNotContain("row_outcomes", (a.NewData ?? "") + a.OldData));
        // The invoice written by the set-based commit has its own history row, by the importing user.
        var invoiceId = await db.Invoices.Where(i => i.Number == "SF-5001").Select(i => i.Id).SingleAsync();
        var invoiceHistory = await db.AuditLog.SingleAsync(a => a.TableName == "invoices" && a.RowId == invoiceId);
        Assert.Equal(("insert", "michele"), (invoiceHistory.Operation, invoiceHistory.ChangedBy));
    }

    /// <summary>The bad uploads, built inside the test (a 20 MB array must not go through xUnit's theory serialisation).</summary>
    private static (string Name, byte[] Content, string Expected) BadFile(string kind)
    {
        var ole = new byte[2048];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(ole, 0);
        System.Text.Encoding.Unicode.GetBytes("EncryptionInfo").CopyTo(ole, 600);
        return kind switch
        {
            "empty" => ("empty.xlsx", [], "empty"),
            "too-big" => ("big.xlsx", new byte[20 * 1024 * 1024 + 1], "limit is 20 MB"),
            "pdf-renamed" => ("Report_Invoice.xlsx", "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"u8.ToArray(), "is a PDF"),
            "password" => ("locked.xlsx", ole, "password-protected"),
            "no-header" => ("noheader.xlsx", ExportFiles.Xlsx([["a", "b", "c"]], header: ["Name", "Address", "Phone"]), "No recognisable header"),
            "no-cells" => ("blank.xlsx", ExportFiles.Xlsx([], titleRows: 0, header: [""]), "empty"),
            "wrong-extension" => ("notes.txt", "hello"u8.ToArray(), "neither"),
            "workbook-as-csv" => ("workbook.csv", ExportFiles.Xlsx([]), "not a text CSV"),
            "header-only" => ("headeronly.csv", ExportFiles.Csv([]), "no invoice rows"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("too-big")]
    [InlineData("pdf-renamed")]
    [InlineData("password")]
    [InlineData("no-header")]
    [InlineData("no-cells")]
    [InlineData("wrong-extension")]
    [InlineData("workbook-as-csv")]
    [InlineData("header-only")]
    public async Task A_bad_file_gets_a_clear_message_and_nothing_is_written(string kind)
    {
        var (name, content, expected) = BadFile(kind);
        var (scope, imports) = await AsAsync("michele");
        await using var _ = scope;
        var before = (await StateAsync(Kc), await StateAsync(Sf));
        var e = await Assert.ThrowsAsync<ImportFileException>(() => imports.PreviewAsync(name, content));
        Assert.Contains(expected, e.Message);
        var commit = await imports.CommitAsync(name, content, []);
        Assert.False(commit.Succeeded);
        Assert.Contains(expected, commit.Message);
        Assert.Equal(before, (await StateAsync(Kc), await StateAsync(Sf)));
    }

    [Fact]
    public async Task A_mapped_header_is_remembered_for_the_company()
    {
        var (scope, imports) = await AsAsync("michele");
        await using var _ = scope;
        string[] header = ["Invoice#", "Customer Name", "Invoice Date", "Invoice Total", "Open Amount"];
        var file = ExportFiles.Csv([["SF-4001", "Reserve at Ballantyne", "10/01/2026", "10.00", "10.00"]], header);
        var first = await imports.PreviewAsync("export.csv", file);
        Assert.NotNull(first.Mapping);
        Assert.Equal([ImportField.TotalDue], first.Mapping!.Missing);
        Assert.Equal(["Open Amount"], first.Mapping.UnknownHeaders);
        await imports.SaveMappingAsync("Open Amount", ImportField.TotalDue);
        var second = await imports.PreviewAsync("export.csv", file);
        Assert.Null(second.Mapping);
        Assert.Equal(1, second.Count(RowAction.Insert));
    }

    [Fact]
    public async Task A_salesperson_cannot_import()
    {
        var (scope, imports) = await AsAsync("chriso");
        await using var _ = scope;
        await Assert.ThrowsAsync<PermissionDeniedException>(() => imports.PreviewAsync("export.csv", ExportFiles.Csv([ExportFiles.Row("X1", "A", "10/01/2026", "1", "1")])));
    }
}
