using System.Globalization;

namespace FieldKit.Domain.Companies;

/// <summary>WCAG 2.x contrast ratio, used to pick readable text on each company's app bar.</summary>
public static class Contrast
{
    public const string White = "#FFFFFF";
    public const string NearBlack = "#1A1A1A";

    public static double Ratio(string hexA, string hexB)
    {
        var a = RelativeLuminance(hexA);
        var b = RelativeLuminance(hexB);
        var (light, dark) = a > b ? (a, b) : (b, a);
        return (light + 0.05) / (dark + 0.05);
    }

    public static string BestTextOn(string background) =>
        Ratio(background, White) >= Ratio(background, NearBlack) ? White : NearBlack;

    public static double RelativeLuminance(string hex)
    {
        var (r, g, b) = Parse(hex);
        return 0.2126 * Channel(r) + 0.7152 * Channel(g) + 0.0722 * Channel(b);
    }

    private static double Channel(int value)
    {
        var c = value / 255.0;
        return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }

    private static (int R, int G, int B) Parse(string hex)
    {
        var h = hex.TrimStart('#');
        if (h.Length != 6) throw new FormatException($"Colour '{hex}' is not #RRGGBB.");
        return (int.Parse(h[..2], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                int.Parse(h[2..4], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                int.Parse(h[4..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }
}
