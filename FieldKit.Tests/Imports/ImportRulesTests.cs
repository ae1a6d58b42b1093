using FieldKit.Domain.Imports;
using FieldKit.Web.Features.Imports;

namespace FieldKit.Tests.Imports;

public sealed class ImportRulesTests
{
    [Theory]
    [InlineData("$1,234.50", "1234.50")]
    [InlineData("1234.5", "1234.5")]
    [InlineData("(45.00)", "-45.00")]
    [InlineData("($45.00)", "-45.00")]
    [InlineData("-$12.10", "-12.10")]
    [InlineData("45.00-", "-45.00")]
    [InlineData(" 0 ", "0")]
    [InlineData("$1,000,000.01", "1000000.01")]
    public void Money_is_read_to_exact_decimals(string text, string expected) =>
        Assert.True(ImportMoney.TryParse(text, out var v) && v == decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1,23")]
    [InlineData("12,34.00")]
    [InlineData("$")]
    [InlineData("(45")]
    [InlineData("1.2.3")]
    public void Not_money_is_refused(string text) => Assert.False(ImportMoney.TryParse(text, out _));

    [Fact]
    public void Fractions_of_a_cent_are_not_whole_cents()
    {
        Assert.True(ImportMoney.IsWholeCents(10.25m));
        Assert.False(ImportMoney.IsWholeCents(10.255m));
    }

    private static IReadOnlyList<IReadOnlyList<string>> Sheet(params string[][] rows) => rows;

    [Fact]
    public void Header_is_found_on_row_6_as_exported()
    {
        var rows = SheetReader.Read("Report_Invoice.xlsx", ExportFiles.Xlsx([ExportFiles.Row("1001", "Oak Hollow", "10/01/2026", "100.00", "100.00")]));
        var header = HeaderDetector.Find(rows)!;
        Assert.Equal(5, header.RowIndex); // row 6
        Assert.True(header.IsComplete);
        Assert.Equal(ImportField.InvoiceNumber, header.Columns[0]);
        Assert.Equal(ImportField.TotalDue, header.Columns[6]);
    }

    [Fact]
    public void Header_is_found_on_shifted_rows_with_reordered_and_extra_columns()
    {
        var rows = Sheet(
            ["Report_Invoice"], [], ["Kleanit Charlotte", "", "", "Invoice Total: 3"],
            ["Technician", "invoice total due", "Zone", "CUSTOMER NAME", "Invoice #", "Invoice Total", "Invoice Date"],
            ["Tom", "$10.00", "North", "Oak Hollow", "1001", "$10.00", "10/01/2026"]);
        var header = HeaderDetector.Find(rows)!;
        Assert.Equal(3, header.RowIndex);
        Assert.True(header.IsComplete);
        Assert.Equal(ImportField.TotalDue, header.Columns[1]);
        Assert.Equal(ImportField.CustomerName, header.Columns[3]);
        Assert.Equal(ImportField.InvoiceNumber, header.Columns[4]);
        Assert.Equal(["Technician", "Zone"], header.Unknown.Select(u => u.Header));
    }

    [Fact]
    public void An_unknown_header_mapped_once_is_recognised_with_the_mapping()
    {
        var rows = Sheet(["Invoice #", "Customer Name", "Invoice Date", "Invoice Total", "Amount Outstanding"]);
        var without = HeaderDetector.Find(rows)!;
        Assert.False(without.IsComplete);
        Assert.Equal([ImportField.TotalDue], without.MissingRequired);
        var remembered = new Dictionary<string, ImportField> { [ImportFields.Key("Amount Outstanding")] = ImportField.TotalDue };
        Assert.True(HeaderDetector.Find(rows, remembered)!.IsComplete);
    }

    [Fact]
    public void No_header_among_the_first_rows_is_null()
    {
        Assert.Null(HeaderDetector.Find(Sheet(["Name", "Address"], ["a", "b"])));
    }

    [Theory]
    [InlineData("kleanit_charlotte", "*FL* Palm Bay Villas", "kleanit_sf", "Palm Bay Villas")]
    [InlineData("kleanit_charlotte", "Palm Bay Villas *FL*", "kleanit_sf", "Palm Bay Villas")]
    [InlineData("kleanit_charlotte", "Palm Bay *fl* Villas", "kleanit_sf", "Palm Bay Villas")]
    [InlineData("kleanit_charlotte", "Ballantyne Commons", "kleanit_charlotte", "Ballantyne Commons")]
    [InlineData("kleanit_charlotte", "FL Apartments", "kleanit_charlotte", "FL Apartments")]
    [InlineData("kleanit_sf", "*FL* Palm Bay Villas", "kleanit_sf", "Palm Bay Villas")]
    [InlineData("cts", "*FL* Odd Name", "cts", "Odd Name")]
    public void FL_marker_routes_Kleanit_Charlotte_rows_to_South_Florida_and_is_never_shown(string upload, string name, string company, string shown)
    {
        var (c, n) = CompanyRouting.Route(upload, name);
        Assert.Equal(company, c);
        Assert.Equal(shown, n);
    }

    [Fact]
    public void Row_parser_reads_money_dates_and_credits_and_rejects_with_reasons()
    {
        var header = HeaderDetector.Find(Sheet(ExportFiles.Header))!;
        var ok = InvoiceRowParser.Parse(ExportFiles.Row("1001", "Oak Hollow", "10/01/2026", "$1,234.50", "$234.50"), 7, header.Columns, "cts", out var none)!;
        Assert.Null(none);
        Assert.Equal((1234.50m, 234.50m, 1000.00m, new DateOnly(2026, 10, 1)), (ok.Amount, ok.Balance, ok.Paid, ok.InvoiceDate));
        var credit = InvoiceRowParser.Parse(ExportFiles.Row("1002", "Oak Hollow", "2026-10-02", "(45.00)", "(45.00)"), 8, header.Columns, "cts", out _)!;
        Assert.Equal(-45.00m, credit.Balance);

        InvoiceRowParser.Parse(ExportFiles.Row("1003", "Oak Hollow", "someday", "1", "1"), 9, header.Columns, "cts", out var badDate);
        Assert.Contains("not a date", badDate!.Reason);
        InvoiceRowParser.Parse(ExportFiles.Row("1004", "Oak Hollow", "10/01/2026", "12,34", "1"), 10, header.Columns, "cts", out var badMoney);
        Assert.Contains("not an amount", badMoney!.Reason);
        InvoiceRowParser.Parse(ExportFiles.Row("1005", "Oak Hollow", "10/01/2026", "10.00", "20.00"), 11, header.Columns, "cts", out var overDue);
        Assert.Contains("more than the invoice total", overDue!.Reason);
        InvoiceRowParser.Parse(ExportFiles.Row("", "Oak Hollow", "10/01/2026", "10.00", "10.00"), 12, header.Columns, "cts", out var noNumber);
        Assert.Equal((12, "The invoice number is empty."), (noNumber!.RowNumber, noNumber.Reason));
        Assert.Null(InvoiceRowParser.Parse(new string[14], 13, header.Columns, "cts", out var blank));
        Assert.Null(blank);
    }
}
