using System.Globalization;
using System.Text.Json;

namespace FieldKit.Domain.Auditing;

public sealed record FieldChange(string Field, string? Old, string? New);

/// <summary>Turns an audit_log row's old/new JSON into field-by-field changes a person can read.</summary>
public static class AuditChanges
{
    // Bookkeeping that is shown elsewhere (who and when) or means nothing to a reader.
    private static readonly HashSet<string> Hidden =
    [
        "id", "created_at", "created_by", "updated_at", "updated_by", "deleted_at", "deleted_by", "xmin",
        "customer_id", "search_text", "name_key", "address_key",
    ];

    public static IReadOnlyList<FieldChange> Parse(string? oldJson, string? newJson)
    {
        var oldValues = Read(oldJson);
        var newValues = Read(newJson);
        return oldValues.Keys.Union(newValues.Keys)
            .Where(k => !Hidden.Contains(k))
            .Select(k => new FieldChange(Label(k), oldValues.GetValueOrDefault(k), newValues.GetValueOrDefault(k)))
            .Where(c => c.Old != c.New)
            .ToList();
    }

    /// <summary>"office_phone" → "Office phone"; "is_primary" → "Primary".</summary>
    public static string Label(string column)
    {
        var words = column.Split('_').ToList();
        if (words.Count > 1 && words[0] is "is") words.RemoveAt(0);
        var text = string.Join(' ', words);
        return text.Length == 0 ? column : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
    }

    private static Dictionary<string, string?> Read(string? json)
    {
        var values = new Dictionary<string, string?>();
        if (string.IsNullOrWhiteSpace(json)) return values;
        using var doc = JsonDocument.Parse(json);
        foreach (var p in doc.RootElement.EnumerateObject())
            values[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.True => "yes",
                JsonValueKind.False => "no",
                _ => p.Value.GetRawText(),
            };
        return values;
    }
}
