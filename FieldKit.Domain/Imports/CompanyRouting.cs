using System.Text.RegularExpressions;

namespace FieldKit.Domain.Imports;

/// <summary>
/// Kleanit Charlotte and Kleanit South Florida share one ServiceFusion account: in an upload to Kleanit Charlotte,
/// a row whose Customer Name contains the marker <c>*FL*</c> belongs to Kleanit South Florida. The marker is never
/// part of the name FieldKit shows or matches on.
/// </summary>
public static partial class CompanyRouting
{
    public const string Marker = "*FL*";
    public const string SharedAccountCompany = "kleanit_charlotte";
    public const string FloridaCompany = "kleanit_sf";

    public static (string Company, string Name) Route(string uploadCompany, string customerName)
    {
        var hasMarker = customerName.Contains(Marker, StringComparison.OrdinalIgnoreCase);
        var clean = hasMarker ? StripMarker(customerName) : customerName.Trim();
        var company = hasMarker && uploadCompany == SharedAccountCompany ? FloridaCompany : uploadCompany;
        return (company, clean);
    }

    public static string StripMarker(string name) =>
        Spaces().Replace(MarkerPattern().Replace(name, " "), " ").Trim(' ', '-', ',', '–');

    [GeneratedRegex(@"\*FL\*", RegexOptions.IgnoreCase)]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();
}
