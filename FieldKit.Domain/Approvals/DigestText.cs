using System.Globalization;
using System.Net;
using System.Text;

namespace FieldKit.Domain.Approvals;

/// <summary>One pending request as the digest lists it: its one-line summary and a link that opens it in its company.</summary>
public sealed record DigestItem(string Summary, string Link);

/// <summary>One company's part of a digest: who receives it (first names) and what is pending.</summary>
public sealed record DigestSection(string CompanyName, IReadOnlyList<string> RecipientNames, IReadOnlyList<DigestItem> Items);

public sealed record DigestMessage(string Subject, string Text, string Html);

/// <summary>
/// The noon digest's words. Plain text:
/// <code>
/// FIELDKIT APPROVALS NEEDED (2/10/26)
///
/// KLEANIT CHARLOTTE (for Walter + Michele):
/// - Add contact "Tom Davis" to Oakwood Apartments customer record
///   https://fieldkit.example/kleanit_charlotte/approvals?item=12
/// - Update Riverside phone number
///   https://fieldkit.example/kleanit_charlotte/approvals?item=13
/// </code>
/// The HTML body says the same, each summary a link, everything HTML-encoded. The subject is the first line.
/// </summary>
public static class DigestText
{
    public static string Heading(DateOnly date) =>
        $"FIELDKIT APPROVALS NEEDED ({date.ToString("M/d/yy", CultureInfo.InvariantCulture)})";

    public static string SectionHeading(DigestSection section) =>
        $"{OneLine(section.CompanyName).ToUpperInvariant()} (for {string.Join(" + ", section.RecipientNames.Select(OneLine))}):";

    /// <summary>"Chris Letize" → "Chris"; a blank display name falls back to <paramref name="fallback"/> (the username).</summary>
    public static string FirstName(string? displayName, string fallback)
    {
        var parts = (displayName ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 0 ? parts[0] : fallback;
    }

    public static DigestMessage Compose(DateOnly date, IReadOnlyList<DigestSection> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var heading = Heading(date);

        var text = new StringBuilder();
        text.Append(heading).Append('\n');
        foreach (var section in sections)
        {
            text.Append('\n').Append(SectionHeading(section)).Append('\n');
            foreach (var item in section.Items)
            {
                text.Append("- ").Append(OneLine(item.Summary)).Append('\n');
                text.Append("  ").Append(OneLine(item.Link)).Append('\n');
            }
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><body style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222222\">\n");
        html.Append("<p style=\"font-weight:bold\">").Append(Encode(heading)).Append("</p>\n");
        foreach (var section in sections)
        {
            html.Append("<p style=\"font-weight:bold;margin-bottom:4px\">").Append(Encode(SectionHeading(section))).Append("</p>\n");
            html.Append("<ul style=\"margin-top:0\">\n");
            foreach (var item in section.Items)
                html.Append("<li><a href=\"").Append(Encode(OneLine(item.Link))).Append("\">")
                    .Append(Encode(OneLine(item.Summary))).Append("</a></li>\n");
            html.Append("</ul>\n");
        }
        html.Append("</body></html>\n");

        return new DigestMessage(heading, text.ToString(), html.ToString());
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string OneLine(string? text) =>
        string.Join(' ', (text ?? "").Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
