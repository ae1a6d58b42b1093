using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace FieldKit.Web.Features.Statements;

/// <summary>
/// A small layout helper over PDFsharp (which has no layout engine): pages that flow top to bottom with a page
/// header drawn on each, "does this fit" checks, and page numbers "Page n of N" stamped once all pages exist.
/// Coordinates are points (1/72 in) on US Letter.
/// </summary>
public sealed class PdfPageFlow : IDisposable
{
    public const double PageWidth = 612, PageHeight = 792, Margin = 36;
    private readonly PdfDocument _doc;
    private readonly Action<PdfPageFlow, int> _pageHeader;
    private readonly double _footerHeight;
    private XGraphics? _gfx;

    public PdfPageFlow(PdfDocument doc, Action<PdfPageFlow, int> pageHeader, double footerHeight = 28)
    {
        _doc = doc;
        _pageHeader = pageHeader;
        _footerHeight = footerHeight;
    }

    public XGraphics Gfx => _gfx ?? throw new InvalidOperationException("Call NewPage first.");
    public double Y { get; set; }
    public double Left => Margin;
    public double Right => PageWidth - Margin;
    public double Width => PageWidth - 2 * Margin;
    public double Bottom => PageHeight - Margin - _footerHeight;
    public int PageCount => _doc.PageCount;

    public void NewPage()
    {
        _gfx?.Dispose();
        var page = _doc.AddPage();
        page.Size = PageSize.Letter;
        _gfx = XGraphics.FromPdfPage(page);
        Y = Margin;
        _pageHeader(this, _doc.PageCount);
    }

    public bool Fits(double height) => Y + height <= Bottom;

    /// <summary>Starts a new page unless <paramref name="height"/> still fits on this one.</summary>
    public void Ensure(double height)
    {
        if (!Fits(height)) NewPage();
    }

    /// <summary>Draws each page's footer (with "Page n of N") once the page count is known.</summary>
    public void StampFooters(Action<XGraphics, int, int> footer)
    {
        _gfx?.Dispose();
        _gfx = null;
        for (var i = 0; i < _doc.PageCount; i++)
        {
            using var gfx = XGraphics.FromPdfPage(_doc.Pages[i], XGraphicsPdfPageOptions.Append);
            footer(gfx, i + 1, _doc.PageCount);
        }
    }

    public void Dispose() => _gfx?.Dispose();

    // ------------------------------------------------------------ text helpers

    public static void Text(XGraphics g, string text, XFont font, XBrush brush, double x, double y, double width, XStringAlignment align = XStringAlignment.Near)
    {
        var fitted = Fit(g, text, font, width);
        var format = new XStringFormat { Alignment = align, LineAlignment = XLineAlignment.Near };
        g.DrawString(fitted, font, brush, new XRect(x, y, width, font.Height), format);
    }

    /// <summary>Cuts text to the width with an ellipsis: a long service address never runs into the next column.</summary>
    public static string Fit(XGraphics g, string text, XFont font, double width)
    {
        if (g.MeasureString(text, font).Width <= width) return text;
        var lo = 0;
        var hi = text.Length;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (g.MeasureString(text[..mid] + "…", font).Width <= width) lo = mid; else hi = mid - 1;
        }
        return text[..lo].TrimEnd() + "…";
    }

    /// <summary>Wraps text into lines of at most <paramref name="width"/>.</summary>
    public static List<string> Wrap(XGraphics g, string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (g.MeasureString(candidate, font).Width <= width || line.Length == 0) line = candidate;
                else { lines.Add(line); line = word; }
            }
            lines.Add(line);
        }
        return lines;
    }

    public static XColor Colour(string hex)
    {
        var h = hex.TrimStart('#');
        return XColor.FromArgb(Convert.ToInt32(h[..2], 16), Convert.ToInt32(h[2..4], 16), Convert.ToInt32(h[4..6], 16));
    }
}

public sealed record PdfColumn(string Header, double Width, XStringAlignment Align = XStringAlignment.Near);

/// <summary>
/// A table that flows across pages: the header row repeats on each page, and when rows continue on the next page a
/// "Carried forward" line closes the page and a "Brought forward" line opens the next, with the running total of
/// one money column.
/// </summary>
public sealed class PdfTable(PdfPageFlow flow, IReadOnlyList<PdfColumn> columns, int totalColumn, XFont font, XFont bold, XColor headerFill, XColor headerText)
{
    public const double Padding = 3;
    public double RowHeight { get; init; } = 14;
    public decimal Running { get; private set; }
    private int _rowIndex;
    private static readonly XBrush Ink = new XSolidBrush(XColor.FromArgb(0x22, 0x22, 0x22));
    private static readonly XBrush Zebra = new XSolidBrush(XColor.FromArgb(0xF3, 0xF4, 0xF6));
    private static readonly XPen Rule = new(XColor.FromArgb(0xD0, 0xD3, 0xD8), 0.5);

    public void Header()
    {
        var g = flow.Gfx;
        g.DrawRectangle(new XSolidBrush(headerFill), flow.Left, flow.Y, flow.Width, RowHeight + 2);
        var x = flow.Left;
        var brush = new XSolidBrush(headerText);
        foreach (var c in columns)
        {
            PdfPageFlow.Text(g, c.Header, bold, brush, x + Padding, flow.Y + 4, c.Width - 2 * Padding, c.Align);
            x += c.Width;
        }
        flow.Y += RowHeight + 2;
    }

    public void Row(IReadOnlyList<string> cells, decimal amount, Func<decimal, string> money)
    {
        // Room for this row and the carried-forward line under it.
        if (!flow.Fits(2 * RowHeight + 2))
        {
            Carried("Carried forward", money);
            flow.NewPage();
            Carried("Brought forward", money);
            Header();
        }
        var g = flow.Gfx;
        if (_rowIndex++ % 2 == 1) g.DrawRectangle(Zebra, flow.Left, flow.Y, flow.Width, RowHeight);
        var x = flow.Left;
        for (var i = 0; i < columns.Count; i++)
        {
            PdfPageFlow.Text(g, cells[i], font, Ink, x + Padding, flow.Y + 3, columns[i].Width - 2 * Padding, columns[i].Align);
            x += columns[i].Width;
        }
        flow.Y += RowHeight;
        g.DrawLine(Rule, flow.Left, flow.Y, flow.Right, flow.Y);
        Running += amount;
    }

    /// <summary>A bold line with a label right-aligned before the total column and the running total in it.</summary>
    public void Carried(string label, Func<decimal, string> money) => TotalLine(label, money(Running));

    public void TotalLine(string label, string value, bool strong = false)
    {
        var g = flow.Gfx;
        var before = columns.Take(totalColumn).Sum(c => c.Width);
        var height = RowHeight + (strong ? 4 : 0);
        g.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xE8, 0xEA, 0xED)), flow.Left, flow.Y, flow.Width, height);
        var f = strong ? new XFont(bold.FontFamily.Name, bold.Size + 1.5, XFontStyleEx.Bold) : bold;
        PdfPageFlow.Text(g, label, f, Ink, flow.Left, flow.Y + 3, before - Padding, XStringAlignment.Far);
        PdfPageFlow.Text(g, value, f, Ink, flow.Left + before + Padding, flow.Y + 3, columns[totalColumn].Width - 2 * Padding, XStringAlignment.Far);
        flow.Y += height;
    }
}
