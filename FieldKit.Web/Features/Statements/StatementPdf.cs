using System.Globalization;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Statements;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace FieldKit.Web.Features.Statements;

/// <summary>
/// Draws an open-item statement (US Letter): company header with logo or monogram, remit-to and phone; bill-to with
/// the Attention line; the invoices with carried totals across pages; the ageing strip; a message box; page numbers.
/// </summary>
public static class StatementPdf
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");
    private static readonly XBrush Ink = new XSolidBrush(XColor.FromArgb(0x22, 0x22, 0x22));
    private static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(0x5F, 0x63, 0x68));
    private static readonly XPen Frame = new(XColor.FromArgb(0xC4, 0xC8, 0xCE), 0.75);

    public static string Money(decimal value) =>
        value < 0 ? "(" + (-value).ToString("C2", Us) + ")" : value.ToString("C2", Us);

    private static string Date(DateOnly? d) => d?.ToString("MM/dd/yyyy", Us) ?? "";

    public static byte[] Render(StatementData s)
    {
        using var doc = new PdfDocument();
        Draw(doc, s);
        using var ms = new MemoryStream();
        doc.Save(ms, false);
        return ms.ToArray();
    }

    /// <summary>One PDF of many statements, each starting on its own page, page numbers counted per statement.</summary>
    public static byte[] Merge(IEnumerable<byte[]> pdfs)
    {
        using var merged = new PdfDocument();
        foreach (var bytes in pdfs)
        {
            using var source = PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import);
            foreach (var page in source.Pages) merged.AddPage(page);
        }
        using var ms = new MemoryStream();
        merged.Save(ms, false);
        return ms.ToArray();
    }

    private static void Draw(PdfDocument doc, StatementData s)
    {
        StatementFonts.EnsureInstalled();
        doc.Info.Title = $"Statement {s.Account} {s.BillToName} as of {Date(s.AsOf)}";
        doc.Info.Author = s.Issuer.Name;
        doc.Options.CompressContentStreams = true;
        var family = StatementFonts.Family;
        var regular = new XFont(family, 8, XFontStyleEx.Regular);
        var small = new XFont(family, 7.5, XFontStyleEx.Regular);
        var bold = new XFont(family, 8, XFontStyleEx.Bold);
        var label = new XFont(family, 7, XFontStyleEx.Bold);
        var primary = PdfPageFlow.Colour(s.Issuer.PrimaryColor);
        var onPrimary = PdfPageFlow.Colour(Contrast.BestTextOn(s.Issuer.PrimaryColor));
        // Very light brand colours (Kleanit SF green) print poorly as text: headings use the brand colour only when it is dark enough.
        var headingColour = Contrast.Ratio(s.Issuer.PrimaryColor, Contrast.White) >= 3 ? primary : XColor.FromArgb(0x1A, 0x1A, 0x1A);

        using var flow = new PdfPageFlow(doc, (f, page) => PageHeader(f, page, s, primary, onPrimary, headingColour));
        flow.NewPage();

        var columns = new List<PdfColumn>
        {
            new("Invoice #", 52), new("Job #", 36), new("PO #", 46), new("Service address", 124),
            new("Inv. date", 46, XStringAlignment.Center), new("Due date", 46, XStringAlignment.Center),
            new("Amount", 54, XStringAlignment.Far), new("Paid", 50, XStringAlignment.Far), new("Balance", 56, XStringAlignment.Far),
            new("Days past due", 30, XStringAlignment.Far),
        };
        // The last header does not fit at 7 pt: shorter label.
        columns[^1] = columns[^1] with { Header = "Late" };
        var table = new PdfTable(flow, columns, 8, small, label, primary, onPrimary);
        table.Header();
        if (s.Lines.Count == 0)
        {
            PdfPageFlow.Text(flow.Gfx, "No open invoices as of this date.", regular, Muted, flow.Left + 4, flow.Y + 4, flow.Width - 8);
            flow.Y += 18;
        }
        foreach (var l in s.Lines)
        {
            table.Row([
                l.InvoiceNumber, l.JobNumber ?? "", l.PoNumber ?? "", l.ServiceAddress ?? "", Date(l.InvoiceDate), Date(l.DueDate),
                Money(l.Amount), Money(l.Paid), Money(l.Balance), l.DaysPastDue > 0 ? l.DaysPastDue.ToString(Us) : "",
            ], l.Balance, Money);
        }
        table.TotalLine("Total due", Money(s.TotalDue), strong: true);

        // Ageing strip and message box stay together at the end.
        flow.Ensure(130);
        flow.Y += 12;
        AgeingStrip(flow, s, label, bold, primary, onPrimary);
        flow.Y += 12;
        MessageBox(flow, s, regular, label, headingColour);

        flow.StampFooters((g, page, pages) =>
        {
            var y = PdfPageFlow.PageHeight - PdfPageFlow.Margin - 12;
            g.DrawLine(Frame, PdfPageFlow.Margin, y - 4, PdfPageFlow.PageWidth - PdfPageFlow.Margin, y - 4);
            var left = $"{s.Issuer.Name}" + (s.Issuer.Phone is null ? "" : $" · {s.Issuer.Phone}") + $" · Statement for {s.BillToName} ({s.Account}) as of {Date(s.AsOf)}";
            PdfPageFlow.Text(g, left, small, Muted, PdfPageFlow.Margin, y, 440);
            PdfPageFlow.Text(g, $"Page {page} of {pages}", small, Muted, PdfPageFlow.PageWidth - PdfPageFlow.Margin - 100, y, 100, XStringAlignment.Far);
        });
    }

    private static void PageHeader(PdfPageFlow f, int page, StatementData s, XColor primary, XColor onPrimary, XColor heading)
    {
        var g = f.Gfx;
        var family = StatementFonts.Family;
        var headingBrush = new XSolidBrush(heading);
        g.DrawRectangle(new XSolidBrush(primary), 0, 0, PdfPageFlow.PageWidth, 8);
        if (s.Issuer.SecondaryColor is { } second) g.DrawRectangle(new XSolidBrush(PdfPageFlow.Colour(second)), 0, 8, PdfPageFlow.PageWidth, 3);
        var top = PdfPageFlow.Margin;
        if (page > 1)
        {
            PdfPageFlow.Text(g, s.Issuer.Name, new XFont(family, 11, XFontStyleEx.Bold), headingBrush, f.Left, top - 8, 300);
            PdfPageFlow.Text(g, $"Statement for {s.BillToName} · {s.Account} · as of {Date(s.AsOf)} (continued)", new XFont(family, 8, XFontStyleEx.Regular), Muted, f.Left, top + 7, 420);
            f.Y = top + 26;
            return;
        }

        // Logo, or the monogram in a brand-coloured square.
        const double logo = 54;
        var logoDrawn = false;
        if (s.Issuer.Logo is { Length: > 0 } bytes)
        {
            try
            {
                using var image = XImage.FromStream(new MemoryStream(bytes));
                var scale = Math.Min(logo / image.PointWidth, logo / image.PointHeight);
                g.DrawImage(image, f.Left, top, image.PointWidth * scale, image.PointHeight * scale);
                logoDrawn = true;
            }
            catch (Exception) when (bytes.Length > 0) { logoDrawn = false; }
        }
        if (!logoDrawn)
        {
            g.DrawRectangle(new XSolidBrush(primary), f.Left, top, logo, logo);
            var mono = s.Issuer.Monogram.Length > 0 ? s.Issuer.Monogram : s.Issuer.Name[..1];
            var monoFont = new XFont(family, mono.Length > 2 ? 15 : 20, XFontStyleEx.Bold);
            g.DrawString(mono, monoFont, new XSolidBrush(onPrimary), new XRect(f.Left, top, logo, logo), XStringFormats.Center);
        }
        var x = f.Left + logo + 12;
        PdfPageFlow.Text(g, s.Issuer.Name, new XFont(family, 15, XFontStyleEx.Bold), headingBrush, x, top + 2, 260);
        var info = new XFont(family, 8.5, XFontStyleEx.Regular);
        var y = top + 22;
        foreach (var line in new[] { s.Issuer.RemitTo, s.Issuer.Phone is null ? null : "Phone " + s.Issuer.Phone }.Where(l => !string.IsNullOrEmpty(l)))
        {
            PdfPageFlow.Text(g, line!, info, Ink, x, y, 260);
            y += 11;
        }

        // Title and the statement facts box on the right.
        var boxW = 190.0;
        var bx = f.Right - boxW;
        PdfPageFlow.Text(g, "STATEMENT", new XFont(family, 20, XFontStyleEx.Bold), headingBrush, bx, top - 4, boxW, PdfSharp.Drawing.XStringAlignment.Far);
        var facts = new (string, string)[] { ("Statement date", Date(s.AsOf)), ("Account", s.Account), ("Total due", Money(s.TotalDue)) };
        var fy = top + 24;
        g.DrawRectangle(Frame, bx, fy, boxW, facts.Length * 14 + 6);
        fy += 4;
        foreach (var (k, v) in facts)
        {
            var strong = k == "Total due";
            PdfPageFlow.Text(g, k, new XFont(family, 8, XFontStyleEx.Regular), Muted, bx + 6, fy, 90);
            PdfPageFlow.Text(g, v, new XFont(family, strong ? 9.5 : 8.5, strong ? XFontStyleEx.Bold : XFontStyleEx.Regular), Ink, bx + 90, fy - (strong ? 1 : 0), boxW - 96, PdfSharp.Drawing.XStringAlignment.Far);
            fy += 14;
        }

        // Bill to (left) and remit to (right).
        var by = top + 84;
        var label = new XFont(family, 7, XFontStyleEx.Bold);
        var text = new XFont(family, 9, XFontStyleEx.Regular);
        var name = new XFont(family, 10, XFontStyleEx.Bold);
        var halfW = (f.Width - 16) / 2;
        var billLines = new List<(string Text, XFont Font)> { (s.BillToName, name) };
        billLines.AddRange(s.BillToAddress.Select(a => (a, text)));
        if (!string.IsNullOrEmpty(s.Attention)) billLines.Add(("Attention: " + s.Attention, text));
        var remitLines = new List<(string, XFont)> { (s.Issuer.Name, name) };
        if (s.Issuer.RemitTo is { } remit) remitLines.AddRange(remit.Split(',', 2).Select(p => (p.Trim(), text)));
        var boxH = Math.Max(billLines.Count, remitLines.Count) * 12 + 22;
        Box(g, "BILL TO", billLines, f.Left, by, halfW, boxH, label, heading);
        Box(g, "PLEASE REMIT TO", remitLines, f.Left + halfW + 16, by, halfW, boxH, label, heading);
        f.Y = by + boxH + 14;
    }

    private static void Box(XGraphics g, string title, List<(string Text, XFont Font)> lines, double x, double y, double w, double h, XFont label, XColor heading)
    {
        g.DrawRectangle(Frame, x, y, w, h);
        PdfPageFlow.Text(g, title, label, new XSolidBrush(heading), x + 8, y + 6, w - 16);
        var ly = y + 18;
        foreach (var (t, font) in lines)
        {
            PdfPageFlow.Text(g, t, font, Ink, x + 8, ly, w - 16);
            ly += 12;
        }
    }

    private static void AgeingStrip(PdfPageFlow f, StatementData s, XFont label, XFont bold, XColor primary, XColor onPrimary)
    {
        var g = f.Gfx;
        var cells = Ageing.Buckets.Select(b => (Ageing.Label(b), s.Ageing[b])).Append(("Total due", s.TotalDue)).ToList();
        var w = f.Width / cells.Count;
        var x = f.Left;
        for (var i = 0; i < cells.Count; i++)
        {
            var last = i == cells.Count - 1;
            g.DrawRectangle(new XSolidBrush(last ? primary : XColor.FromArgb(0xF3, 0xF4, 0xF6)), x, f.Y, w, 16);
            g.DrawRectangle(Frame, x, f.Y, w, 36);
            PdfPageFlow.Text(g, cells[i].Item1.ToUpperInvariant(), label, last ? new XSolidBrush(onPrimary) : Muted, x, f.Y + 4, w, XStringAlignment.Center);
            PdfPageFlow.Text(g, Money(cells[i].Item2), new XFont(bold.FontFamily.Name, last ? 10 : 9, XFontStyleEx.Bold), Ink, x, f.Y + 21, w, XStringAlignment.Center);
            x += w;
        }
        f.Y += 36;
    }

    private static void MessageBox(PdfPageFlow f, StatementData s, XFont regular, XFont label, XColor heading)
    {
        if (string.IsNullOrWhiteSpace(s.Message)) return;
        var g = f.Gfx;
        var lines = PdfPageFlow.Wrap(g, s.Message, regular, f.Width - 20);
        var h = lines.Count * 11 + 24;
        f.Ensure(h);
        g.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xFA, 0xFA, 0xF7)), f.Left, f.Y, f.Width, h);
        g.DrawRectangle(new XPen(heading, 1), f.Left, f.Y, f.Width, h);
        PdfPageFlow.Text(g, "MESSAGE", label, new XSolidBrush(heading), f.Left + 10, f.Y + 6, 200);
        var y = f.Y + 18;
        foreach (var line in lines)
        {
            PdfPageFlow.Text(g, line, regular, Ink, f.Left + 10, y, f.Width - 20);
            y += 11;
        }
        f.Y += h;
    }
}
