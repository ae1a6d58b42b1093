using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace FieldKit.Web.Features.Imports;

/// <summary>An upload that is not a readable export: the message says why and what to do; nothing was written.</summary>
public sealed class ImportFileException(string message) : Exception(message);

/// <summary>
/// Reads the cells of the first worksheet of an .xlsx (or a CSV) as text, row by row, with row i at index i − 1.
/// Only the workbook, its relationships, shared strings, styles and the first sheet are opened: other parts
/// (comments, drawings, printer settings) are never read, so the broken comment parts some ServiceFusion exports
/// carry cannot stop the import. Date cells are written as yyyy-MM-dd. XML is read without DTDs.
/// </summary>
public static class SheetReader
{
    public const long MaxFileBytes = 20 * 1024 * 1024;
    private const long MaxPartBytes = 400L * 1024 * 1024;
    private const int MaxRows = 200_000;
    private const int MaxColumns = 500;

    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] OleMagic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] PdfMagic = "%PDF"u8.ToArray();
    private static readonly byte[] EncryptionInfo = Encoding.Unicode.GetBytes("EncryptionInfo");

    public static IReadOnlyList<IReadOnlyList<string>> Read(string fileName, byte[] content)
    {
        if (content.Length == 0) throw new ImportFileException("The file is empty.");
        if (content.Length > MaxFileBytes)
            throw new ImportFileException($"The file is {content.Length / (1024.0 * 1024):0.0} MB; the limit is 20 MB. Export a shorter date range and upload each part.");
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        if (ext is not (".xlsx" or ".csv"))
            throw new ImportFileException(ext == ".xls"
                ? "This is an old Excel (.xls) file. Open it in Excel, save it as .xlsx and upload that."
                : $"FieldKit reads the ServiceFusion invoice export as .xlsx or .csv; '{Path.GetFileName(fileName)}' is neither.");
        if (StartsWith(content, PdfMagic))
            throw new ImportFileException($"'{fileName}' is a PDF renamed to {ext}, not a spreadsheet. Export the invoice report from ServiceFusion as Excel.");
        if (StartsWith(content, OleMagic))
            throw new ImportFileException(Contains(content, EncryptionInfo)
                ? "The workbook is password-protected. Open it in Excel, remove the password (File → Info → Protect Workbook) and upload it again."
                : "This is an old Excel (.xls) file. Open it in Excel, save it as .xlsx and upload that.");
        var rows = ext == ".xlsx" ? ReadXlsx(content, fileName) : ReadCsv(content, fileName);
        if (rows.All(r => r.All(string.IsNullOrWhiteSpace))) throw new ImportFileException("The file is empty: it has no cells with values.");
        return rows;
    }

    private static bool StartsWith(byte[] data, byte[] prefix) => data.Length >= prefix.Length && data.AsSpan(0, prefix.Length).SequenceEqual(prefix);

    private static bool Contains(byte[] data, byte[] needle) => data.AsSpan().IndexOf(needle) >= 0;

    // ------------------------------------------------------------------ CSV

    private static List<IReadOnlyList<string>> ReadCsv(byte[] content, string fileName)
    {
        if (StartsWith(content, ZipMagic) || content.AsSpan(0, Math.Min(content.Length, 4096)).IndexOf((byte)0) >= 0)
            throw new ImportFileException($"'{fileName}' is not a text CSV file (is it a workbook renamed to .csv?).");
        string text;
        try { text = new UTF8Encoding(false, true).GetString(content); }
        catch (DecoderFallbackException) { text = Encoding.Latin1.GetString(content); }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var rows = new List<IReadOnlyList<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                    else quoted = false;
                }
                else cell.Append(ch);
                continue;
            }
            switch (ch)
            {
                case '"' when cell.Length == 0: quoted = true; break;
                case ',': row.Add(cell.ToString()); cell.Clear(); break;
                case '\r': break;
                case '\n':
                    row.Add(cell.ToString()); cell.Clear();
                    rows.Add(row); row = [];
                    if (rows.Count > MaxRows) throw new ImportFileException($"The file has more than {MaxRows:N0} rows.");
                    break;
                default: cell.Append(ch); break;
            }
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); rows.Add(row); }
        return rows;
    }

    // ------------------------------------------------------------------ XLSX

    private static readonly XmlReaderSettings Xml = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = false,
    };

    private static List<IReadOnlyList<string>> ReadXlsx(byte[] content, string fileName)
    {
        if (!StartsWith(content, ZipMagic))
            throw new ImportFileException($"'{fileName}' is not an Excel workbook. Export the invoice report from ServiceFusion as Excel (.xlsx).");
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            var sheetPath = FirstSheetPath(zip)
                ?? throw new ImportFileException($"'{fileName}' has no worksheet.");
            var sheet = zip.GetEntry(sheetPath) ?? throw new ImportFileException($"'{fileName}' has no worksheet.");
            var strings = SharedStrings(zip);
            var dateStyles = DateStyles(zip);
            return ReadSheet(sheet, strings, dateStyles);
        }
        catch (InvalidDataException)
        {
            throw new ImportFileException($"'{fileName}' is damaged or not an Excel workbook; open it in Excel, save it again and upload that.");
        }
        catch (XmlException)
        {
            throw new ImportFileException($"The worksheet in '{fileName}' is damaged; open it in Excel, save it again and upload that.");
        }
    }

    private static Stream Open(ZipArchiveEntry entry)
    {
        if (entry.Length > MaxPartBytes) throw new ImportFileException("The workbook is too large once unpacked.");
        return entry.Open();
    }

    private static string? FirstSheetPath(ZipArchive zip)
    {
        var workbook = zip.GetEntry("xl/workbook.xml");
        if (workbook is not null)
        {
            string? relId = null;
            using (var r = XmlReader.Create(Open(workbook), Xml))
                while (r.Read())
                    if (r.NodeType == XmlNodeType.Element && r.LocalName == "sheet")
                    {
                        relId = r.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
                        break;
                    }
            var rels = zip.GetEntry("xl/_rels/workbook.xml.rels");
            if (relId is not null && rels is not null)
            {
                using var r = XmlReader.Create(Open(rels), Xml);
                while (r.Read())
                    if (r.NodeType == XmlNodeType.Element && r.LocalName == "Relationship" && r.GetAttribute("Id") == relId)
                    {
                        var target = r.GetAttribute("Target") ?? "";
                        return target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
                    }
            }
        }
        return zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal))
            .OrderBy(e => e.FullName, StringComparer.Ordinal).Select(e => e.FullName).FirstOrDefault();
    }

    private static List<string> SharedStrings(ZipArchive zip)
    {
        var list = new List<string>();
        var entry = zip.GetEntry("xl/sharedStrings.xml");
        if (entry is null) return list;
        using var r = XmlReader.Create(Open(entry), Xml);
        StringBuilder? current = null;
        var inPhonetic = false;
        r.Read();
        while (!r.EOF)
        {
            if (r.NodeType == XmlNodeType.Element)
            {
                if (r.LocalName == "si")
                {
                    if (r.IsEmptyElement) list.Add("");
                    else current = new StringBuilder();
                }
                else if (r.LocalName == "rPh") inPhonetic = !r.IsEmptyElement;
                else if (r.LocalName == "t" && current is not null)
                {
                    var text = r.ReadElementContentAsString();
                    if (!inPhonetic) current.Append(text);
                    continue;
                }
            }
            else if (r.NodeType == XmlNodeType.EndElement)
            {
                if (r.LocalName == "rPh") inPhonetic = false;
                else if (r.LocalName == "si" && current is not null) { list.Add(current.ToString()); current = null; }
            }
            r.Read();
        }
        return list;
    }

    /// <summary>Indexes of cell styles (cellXfs) that format a number as a date.</summary>
    private static HashSet<int> DateStyles(ZipArchive zip)
    {
        var result = new HashSet<int>();
        var entry = zip.GetEntry("xl/styles.xml");
        if (entry is null) return result;
        var custom = new Dictionary<int, string>();
        using var r = XmlReader.Create(Open(entry), Xml);
        var inCellXfs = false;
        var index = 0;
        while (r.Read())
        {
            if (r.NodeType == XmlNodeType.Element)
            {
                switch (r.LocalName)
                {
                    case "numFmt" when int.TryParse(r.GetAttribute("numFmtId"), out var id):
                        custom[id] = r.GetAttribute("formatCode") ?? "";
                        break;
                    case "cellXfs":
                        inCellXfs = !r.IsEmptyElement;
                        break;
                    case "xf" when inCellXfs:
                        if (int.TryParse(r.GetAttribute("numFmtId"), out var fmt) && IsDateFormat(fmt, custom)) result.Add(index);
                        index++;
                        break;
                }
            }
            else if (r.NodeType == XmlNodeType.EndElement && r.LocalName == "cellXfs") inCellXfs = false;
        }
        return result;
    }

    private static bool IsDateFormat(int id, Dictionary<int, string> custom)
    {
        if (id is >= 14 and <= 22 or >= 45 and <= 47 or >= 27 and <= 36 or >= 50 and <= 58) return true;
        if (!custom.TryGetValue(id, out var code)) return false;
        var plain = new StringBuilder();
        var inQuote = false;
        var inBracket = false;
        foreach (var ch in code)
        {
            if (ch == '"') { inQuote = !inQuote; continue; }
            if (inQuote) continue;
            if (ch == '[') { inBracket = true; continue; }
            if (ch == ']') { inBracket = false; continue; }
            if (!inBracket) plain.Append(char.ToLowerInvariant(ch));
        }
        var s = plain.ToString();
        return s.Contains('y') || s.Contains('d') || (s.Contains('m') && !s.Contains('0') && !s.Contains('#'));
    }

    private static List<IReadOnlyList<string>> ReadSheet(ZipArchiveEntry sheet, List<string> strings, HashSet<int> dateStyles)
    {
        var rows = new List<IReadOnlyList<string>>();
        using var r = XmlReader.Create(Open(sheet), Xml);
        List<string>? row = null;
        var rowNumber = 0;
        r.Read();
        while (!r.EOF)
        {
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "row")
            {
                rowNumber = int.TryParse(r.GetAttribute("r"), out var n) ? n : rowNumber + 1;
                if (rowNumber > MaxRows) throw new ImportFileException($"The worksheet has more than {MaxRows:N0} rows.");
                while (rows.Count < rowNumber - 1) rows.Add([]);
                row = [];
                rows.Add(row);
                if (r.IsEmptyElement) row = null;
            }
            else if (r.NodeType == XmlNodeType.Element && r.LocalName == "c" && row is not null)
            {
                var col = ColumnIndex(r.GetAttribute("r")) ?? row.Count;
                var type = r.GetAttribute("t");
                var style = int.TryParse(r.GetAttribute("s"), out var s) ? s : -1;
                var value = r.IsEmptyElement ? "" : CellValue(r, type, style, strings, dateStyles);
                if (col < MaxColumns)
                {
                    while (row.Count < col) row.Add("");
                    if (row.Count == col) row.Add(value); else row[col] = value;
                }
            }
            r.Read();
        }
        return rows;
    }

    private static string CellValue(XmlReader r, string? type, int style, List<string> strings, HashSet<int> dateStyles)
    {
        string? v = null;
        var inline = new StringBuilder();
        var depth = r.Depth;
        r.Read();
        while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "v") { v = r.ReadElementContentAsString(); continue; }
            if (r.NodeType == XmlNodeType.Element && r.LocalName == "t") { inline.Append(r.ReadElementContentAsString()); continue; }
            r.Read();
        }
        switch (type)
        {
            case "s":
                return int.TryParse(v, out var i) && i >= 0 && i < strings.Count ? strings[i] : "";
            case "inlineStr":
                return inline.ToString();
            case "str" or "e":
                return v ?? "";
            case "b":
                return v == "1" ? "TRUE" : "FALSE";
            default:
                if (v is null) return "";
                if (dateStyles.Contains(style) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 0 and < 2958466)
                    return DateTime.FromOADate(serial).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                // Numbers keep their stored text, so money stays exact ("1234.5" is read to decimal later).
                return decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    ? d.ToString(CultureInfo.InvariantCulture) : v;
        }
    }

    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var col = 0;
        var any = false;
        foreach (var ch in reference)
        {
            if (ch is >= 'A' and <= 'Z') { col = col * 26 + (ch - 'A' + 1); any = true; }
            else break;
        }
        return any ? col - 1 : null;
    }
}
