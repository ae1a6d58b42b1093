using System.Net.Mail;
using System.Text.RegularExpressions;

namespace FieldKit.Domain.Customers;

/// <summary>US phone, email, ZIP and state rules shared by every form and import.</summary>
public static partial class ContactFormats
{
    public const string PhoneMessage = "Enter a 10-digit US phone number, e.g. (704) 555-0123.";
    public const string EmailMessage = "Enter an email address like name@example.com.";
    public const string ZipMessage = "Enter a 5-digit ZIP (28202) or ZIP+4 (28202-1234).";
    public const string StateMessage = "Enter the two-letter state, e.g. NC.";

    /// <summary>"704.555.0123", "+1 704 555 0123", "(704)5550123" → "(704) 555-0123". Empty stays empty (null).</summary>
    public static bool TryNormalizePhone(string? input, out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(input)) return true;
        var trimmed = input.Trim();
        // An extension stays with the number: "704-555-0123 x12".
        var ext = Extension().Match(trimmed);
        var main = ext.Success ? trimmed[..ext.Index] : trimmed;
        if (main.Any(c => char.IsLetter(c))) return false;
        var digits = new string(main.Where(char.IsDigit).ToArray());
        if (digits.Length == 11 && digits[0] == '1') digits = digits[1..];
        // Area code and exchange never start with 0 or 1 in the North American plan.
        if (digits.Length != 10 || digits[0] is '0' or '1' || digits[3] is '0' or '1') return false;
        normalized = $"({digits[..3]}) {digits[3..6]}-{digits[6..]}" + (ext.Success ? $" x{ext.Groups[1].Value}" : "");
        return true;
    }

    public static bool IsEmail(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return true;
        var value = input.Trim();
        return value.Length <= 254 && SimpleEmail().IsMatch(value) && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value;
    }

    /// <summary>"28202", "282021234", "28202-1234" → "28202" / "28202-1234".</summary>
    public static bool TryNormalizeZip(string? input, out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(input)) return true;
        var m = Zip().Match(input.Trim());
        if (!m.Success) return false;
        normalized = m.Groups[2].Success ? $"{m.Groups[1].Value}-{m.Groups[2].Value}" : m.Groups[1].Value;
        return true;
    }

    public static bool TryNormalizeState(string? input, out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(input)) return true;
        var value = input.Trim().ToUpperInvariant();
        if (value.Length != 2 || !value.All(char.IsAsciiLetterUpper)) return false;
        normalized = value;
        return true;
    }

    /// <summary>Digits only, for phone search ("704-555" finds "(704) 555-0123").</summary>
    public static string Digits(string? input) => new((input ?? "").Where(char.IsDigit).ToArray());

    [GeneratedRegex(@"\s*(?:x|ext\.?|extension)\s*(\d{1,6})\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Extension();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")]
    private static partial Regex SimpleEmail();

    [GeneratedRegex(@"^(\d{5})(?:-?(\d{4}))?$")]
    private static partial Regex Zip();
}
