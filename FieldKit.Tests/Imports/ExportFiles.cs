using System.IO.Compression;
using System.Security;
using System.Text;

namespace FieldKit.Tests.Imports;

/// <summary>Builds ServiceFusion-like "Report_Invoice" exports for tests: title rows, a header row, data rows.</summary>
public static class ExportFiles
{
    public static readonly string[] Header =
    [
        "Invoice#", "Customer Name", "Invoice Date", "Invoice Total", "Tax Total", "Tax Rate Name", "Invoice Total Due", "Status",
        "Contact Email 1", "Contact Phone 1", "Service Location Address 1", "Service Location City", "Service Location State/Province",
        "Service Location Zip/Post Code",
    ];

    public static string[] Row(string number, string customer, string date, string total, string due, string status = "UNPAID",
        string address = "", string city = "Charlotte") =>
        [number, customer, date, total, "0.00", "Exempt", due, status, "ap@example.com", "704-555-0100", address, city, "NC", "28202"];

    /// <summary>An .xlsx whose first sheet has <paramref name="titleRows"/> title rows, then the header, then the rows.
    /// Money cells that look numeric are written as numbers; with <paramref name="brokenComments"/> the sheet links to
    /// a comments part that is not valid XML (as some real exports do).</summary>
    public static byte[] Xlsx(IReadOnlyList<string[]> rows, int titleRows = 5, string[]? header = null, bool brokenComments = false)
    {
        var all = new List<string[]>();
        for (var i = 0; i < titleRows; i++) all.Add(i == 0 ? ["Report_Invoice"] : i == 1 ? ["Generated 11/01/2026"] : []);
        all.Add(header ?? Header);
        all.AddRange(rows);

        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, true))
        {
            Put(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/></Types>""");
            Put(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Put(zip, "xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Report_Invoice" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Put(zip, "xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            var sheet = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
            for (var r = 0; r < all.Count; r++)
            {
                sheet.Append($"<row r=\"{r + 1}\">");
                for (var c = 0; c < all[r].Length; c++)
                {
                    var v = all[r][c];
                    if (v.Length == 0) continue;
                    var reference = $"{(char)('A' + c)}{r + 1}";
                    if (decimal.TryParse(v, System.Globalization.NumberStyles.AllowDecimalPoint | System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
                        sheet.Append($"<c r=\"{reference}\"><v>{v}</v></c>");
                    else
                        sheet.Append($"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{SecurityElement.Escape(v)}</t></is></c>");
                }
                sheet.Append("</row>");
            }
            sheet.Append("</sheetData></worksheet>");
            Put(zip, "xl/worksheets/sheet1.xml", sheet.ToString());
            if (brokenComments)
            {
                Put(zip, "xl/worksheets/_rels/sheet1.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/></Relationships>""");
                Put(zip, "xl/comments1.xml", """<?xml version="1.0"?><comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>SF</author></authors><commentList><comment ref="A7" authorId="0"><text><r><t>unclosed""");
            }
        }
        return ms.ToArray();
    }

    public static byte[] Csv(IReadOnlyList<string[]> rows, string[]? header = null)
    {
        var sb = new StringBuilder();
        foreach (var r in new[] { header ?? Header }.Concat(rows))
            sb.Append(string.Join(',', r.Select(v => v.Contains(',') || v.Contains('"') ? "\"" + v.Replace("\"", "\"\"") + "\"" : v))).Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Put(ZipArchive zip, string name, string content)
    {
        using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        w.Write(content);
    }
}
