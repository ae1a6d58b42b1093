using System.Text;
using System.Text.RegularExpressions;

namespace FieldKit.Domain.Customers;

/// <summary>
/// Normalised names and addresses for duplicate warnings and import matching: "The Reserve at Ballantyne,"
/// and "reserve at ballantyne" are one property; "123 Main Street" and "123 Main St." one address.
/// The database computes the same keys (generated columns); tests hold the two in step.
/// </summary>
public static partial class MatchKeys
{
    // Applied word by word, in this order, both here and in the SQL of the generated columns.
    public static readonly IReadOnlyList<(string Word, string Abbreviation)> AddressWords =
    [
        ("street", "st"), ("avenue", "ave"), ("road", "rd"), ("drive", "dr"), ("boulevard", "blvd"), ("lane", "ln"),
        ("court", "ct"), ("place", "pl"), ("parkway", "pkwy"), ("highway", "hwy"), ("circle", "cir"), ("terrace", "ter"),
        ("north", "n"), ("south", "s"), ("east", "e"), ("west", "w"), ("suite", "ste"),
    ];

    public static string Name(string? name)
    {
        var words = Words(name);
        // A leading "the" does not make a different property.
        if (words.Count > 1 && words[0] == "the") words.RemoveAt(0);
        return string.Join(' ', words);
    }

    public static string Address(string? address)
    {
        var words = Words(address);
        var map = AddressWords.ToDictionary(w => w.Word, w => w.Abbreviation);
        return string.Join(' ', words.Select(w => map.GetValueOrDefault(w, w)));
    }

    private static List<string> Words(string? text) =>
        NonAlnum().Split((text ?? "").ToLowerInvariant()).Where(w => w.Length > 0).ToList();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlnum();

    /// <summary>The SQL expression for <see cref="Address"/> over a column, used by the migration.</summary>
    public static string AddressSql(string column)
    {
        var sql = new StringBuilder($"btrim(regexp_replace(lower(coalesce({column}, '')), '[^a-z0-9]+', ' ', 'g'))");
        foreach (var (word, abbreviation) in AddressWords)
            sql.Insert(0, "regexp_replace(").Append($", '\\m{word}\\M', '{abbreviation}', 'g')");
        return sql.ToString();
    }

    /// <summary>The SQL expression for <see cref="Name"/> over a column, used by the migration.</summary>
    public static string NameSql(string column) =>
        $"regexp_replace(btrim(regexp_replace(lower(coalesce({column}, '')), '[^a-z0-9]+', ' ', 'g')), '^the (?=.)', '')";
}
