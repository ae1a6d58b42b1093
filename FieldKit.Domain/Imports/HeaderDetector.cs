namespace FieldKit.Domain.Imports;

/// <summary>Where the header is and what each column means.</summary>
public sealed record HeaderMatch(
    int RowIndex,
    IReadOnlyDictionary<int, ImportField> Columns,
    IReadOnlyList<(int Column, string Header)> Unknown,
    IReadOnlyList<ImportField> MissingRequired)
{
    public bool IsComplete => MissingRequired.Count == 0;
}

/// <summary>
/// Finds the header row by its names, not by position: ServiceFusion puts it on row 6 after title rows, but a
/// re-saved file may have more or fewer title rows, reordered or extra columns. The header is the row (among
/// the first <see cref="ScanRows"/>) that names the most known fields, with at least <see cref="MinimumKnown"/>.
/// </summary>
public static class HeaderDetector
{
    public const int ScanRows = 40;
    public const int MinimumKnown = 3;

    public static HeaderMatch? Find(IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyDictionary<string, ImportField>? remembered = null)
    {
        HeaderMatch? best = null;
        var bestKnown = 0;
        for (var r = 0; r < Math.Min(rows.Count, ScanRows); r++)
        {
            var columns = new Dictionary<int, ImportField>();
            var unknown = new List<(int, string)>();
            var row = rows[r];
            for (var c = 0; c < row.Count; c++)
            {
                var text = row[c]?.Trim() ?? "";
                if (text.Length == 0) continue;
                var field = ImportFields.Recognise(text, remembered);
                if (field is null) unknown.Add((c, text));
                else if (field != ImportField.Ignore && !columns.ContainsValue(field.Value)) columns[c] = field.Value;
            }
            var known = columns.Count;
            if (known >= MinimumKnown && known > bestKnown)
            {
                bestKnown = known;
                var missing = ImportFields.Required.Where(f => !columns.ContainsValue(f)).ToList();
                best = new HeaderMatch(r, columns, unknown, missing);
            }
        }
        return best;
    }
}
