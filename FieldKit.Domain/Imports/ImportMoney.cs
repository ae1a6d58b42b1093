using System.Globalization;

namespace FieldKit.Domain.Imports;

/// <summary>
/// Money as spreadsheets and exports write it, read to decimal (never through double):
/// "1234.5", "$1,234.50", "-45", "(45.00)" and "($45.00)" (a credit: negative), "45.00-" (trailing minus).
/// </summary>
public static class ImportMoney
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().Replace("\u00A0", "").Replace(" ", "");
        var negative = false;
        if (s.StartsWith('(') && s.EndsWith(')')) { negative = true; s = s[1..^1]; }
        if (s.EndsWith('-')) { negative = !negative; s = s[..^1]; }
        if (s.StartsWith('-')) { negative = !negative; s = s[1..]; }
        if (s.StartsWith('$')) s = s[1..];
        if (s.StartsWith('-')) { negative = !negative; s = s[1..]; }
        if (s.Length == 0 || s.Contains('(') || s.Contains(')') || s.Contains('$') || s.Contains('-')) return false;
        // Thousands separators only in groups of three: "1,234.50" yes, "1,23" no (a European decimal comma is refused, not misread).
        if (s.Contains(','))
        {
            var intPart = s.Split('.')[0];
            var groups = intPart.Split(',');
            if (groups[0].Length is 0 or > 3 || groups.Skip(1).Any(g => g.Length != 3)) return false;
        }
        if (!decimal.TryParse(s, NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, Us, out var parsed)) return false;
        value = negative ? -parsed : parsed;
        return true;
    }

    /// <summary>Whole cents only: exports never carry fractions of a cent; more decimals mean a misread column.</summary>
    public static bool IsWholeCents(decimal value) => decimal.Round(value, 2) == value;
}
