using FieldKit.Tests.Imports;
using FieldKit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace FieldKit.Tests.Browser;

/// <summary>The first-of-the-month routine in a browser: upload the ServiceFusion export, check the preview, decide the
/// unmatched name, commit, then download an imported customer's statement.</summary>
[Collection(DatabaseCollection.Name)]
public sealed class ImportStatementBrowserTests(DataFixture fx, AppFixture app, BrowserFixture browser) : IAsyncLifetime
{
    private const string Company = "kleanit_charlotte";
    private const string NewName = "Brand New Commons";

    // Preview and commit are server work: on a busy shared machine they can take longer than the 5 s default.
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 30_000 };

    public Task InitializeAsync() => fx.ResetToDemoAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_uploaded_export_is_previewed_committed_and_its_customer_gets_a_statement_PDF()
    {
        string existing;
        await using (var db = fx.Company(Company))
            existing = await db.Customers.OrderBy(c => c.Id).Select(c => c.PropertyName).FirstAsync();
        var export = ExportFiles.Xlsx([
            ExportFiles.Row("BT-9001", existing, "10/01/2026", "250.00", "250.00"),
            ExportFiles.Row("BT-9002", NewName, "10/02/2026", "$1,099.95", "$1,099.95", address: "5 Commons Way"),
            ExportFiles.Row("BT-9003", NewName, "10/20/2026", "40.00", "0.00", "PAID IN FULL", address: "5 Commons Way"),
        ]);

        var page = await browser.NewPageAsync(app.App.BaseAddress);
        await BrowserSteps.SignInAsync(page, "michele");
        await page.GotoAsync($"/{Company}/imports");
        await BrowserSteps.WaitForInteractiveAsync(page);
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "Report_Invoice.xlsx",
            MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Buffer = export,
        });

        // Preview: the matched row is new, the unknown name waits for a decision and the commit is not offered yet.
        var summary = page.Locator($"[data-testid=preview-{Company}]");
        await Assertions.Expect(summary).ToContainTextAsync("1 new", Slow);
        await Assertions.Expect(page.Locator("[data-testid=unmatched]")).ToContainTextAsync(NewName);
        await Assertions.Expect(page.Locator("[data-testid=commit-import]")).ToBeDisabledAsync();
        await Assertions.Expect(page.Locator("[data-testid=preview-rows]")).ToContainTextAsync("BT-9001");

        await page.Locator("[data-testid=unmatched-choice]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = "Create new customer" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=unmatched-decision]")).ToContainTextAsync($"Will create a new customer \"{NewName}\"");
        await page.Locator("[data-testid=apply-decisions]").ClickAsync();
        await Assertions.Expect(summary).ToContainTextAsync("3 new", Slow);
        await Assertions.Expect(summary).ToContainTextAsync("$1,389.95");
        await Assertions.Expect(page.Locator("[data-testid=unmatched]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=preview-rows]")).ToContainTextAsync("BT-9002");

        await page.Locator("[data-testid=commit-import]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=import-done]")).ToContainTextAsync("3 new", Slow);
        await Assertions.Expect(page.Locator("[data-testid=batches]")).ToContainTextAsync("Report_Invoice.xlsx");

        int customerId;
        await using (var db = fx.Company(Company))
            customerId = await db.Customers.Where(c => c.PropertyName == NewName).Select(c => c.Id).SingleAsync();

        // The statement, from the receivables row of the customer the import created.
        await page.GotoAsync($"/{Company}/receivables");
        await BrowserSteps.WaitForInteractiveAsync(page);
        var row = page.Locator("[data-testid=receivables-table] tr", new PageLocatorOptions { HasText = NewName });
        await Assertions.Expect(row).ToContainTextAsync("$1,099.95");
        var download = await page.RunAndWaitForDownloadAsync(() => row.Locator("[data-testid=statement-link]").ClickAsync());
        Assert.StartsWith($"statement-C-{customerId}-brand-new-commons-", download.SuggestedFilename);
        var path = await download.PathAsync();
        var pdf = await File.ReadAllBytesAsync(path);
        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
        using var doc = PdfDocument.Open(pdf);
        var text = string.Join(" ", doc.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains("Brand New Commons", text);
        Assert.Contains("BT-9002", text);
        Assert.DoesNotContain("BT-9003", text); // paid in full: not an open item
        await page.Context.CloseAsync();
    }
}
