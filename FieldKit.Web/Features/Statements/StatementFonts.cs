using PdfSharp.Fonts;

namespace FieldKit.Web.Features.Statements;

/// <summary>
/// PDFsharp's font resolver: Liberation Sans 2 (SIL OFL 1.1), embedded in the app, so statements render the same on
/// any server with no fonts installed. Every family name resolves to it; bold picks the bold face.
/// </summary>
public sealed class StatementFonts : IFontResolver
{
    public const string Family = "Liberation Sans";
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, byte[]> Faces = new()
    {
        ["LiberationSans-Regular"] = Load("LiberationSans-Regular.ttf"),
        ["LiberationSans-Bold"] = Load("LiberationSans-Bold.ttf"),
    };

    /// <summary>Installs the resolver once per process (PDFsharp's setting is global).</summary>
    public static void EnsureInstalled()
    {
        if (GlobalFontSettings.FontResolver is StatementFonts) return;
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is StatementFonts) return;
            GlobalFontSettings.FontResolver = new StatementFonts();
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "LiberationSans-Bold" : "LiberationSans-Regular", false, italic);

    public byte[]? GetFont(string faceName) => Faces.GetValueOrDefault(faceName);

    private static byte[] Load(string file)
    {
        using var stream = typeof(StatementFonts).Assembly.GetManifestResourceStream("FieldKit.Fonts." + file)
            ?? throw new InvalidOperationException($"Embedded font {file} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
