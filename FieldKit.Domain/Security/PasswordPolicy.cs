using System.Text;

namespace FieldKit.Domain.Security;

/// <summary>
/// 12 to 72 UTF-8 bytes (bcrypt reads at most 72: a longer password is refused, never silently truncated),
/// and not a commonly used password.
/// </summary>
public static class PasswordPolicy
{
    public const int MinBytes = 12;
    public const int MaxBytes = 72;

    /// <summary>Null when acceptable, else the message to show next to the field.</summary>
    public static string? Validate(string? password, string? username = null)
    {
        if (string.IsNullOrEmpty(password))
            return "Enter a password.";
        var bytes = Encoding.UTF8.GetByteCount(password);
        if (bytes < MinBytes)
            return $"Use at least {MinBytes} characters.";
        if (bytes > MaxBytes)
            return $"Use at most {MaxBytes} bytes (about {MaxBytes} letters; accented letters and symbols count double or more).";
        var lowered = password.ToLowerInvariant();
        if (CommonPasswords.Contains(lowered) || IsRepetitive(lowered))
            return "That password is too common; choose another.";
        if (username is not null && lowered.Contains(username.ToLowerInvariant(), StringComparison.Ordinal))
            return "The password must not contain your username.";
        return null;
    }

    private static bool IsRepetitive(string p) => p.Distinct().Count() <= 3;

    // Common passwords of 12+ characters (from public breach frequency lists); shorter ones fail the length rule anyway.
    private static readonly HashSet<string> CommonPasswords = new(StringComparer.Ordinal)
    {
        "123456789012", "1234567890123", "12345678901234", "123456789000", "1234567891011", "password1234",
        "password12345", "password123456", "passwordpassword", "qwertyuiopasdf", "qwertyuiop123", "qwerty123456",
        "qwertyuiopasdfghjkl", "1q2w3e4r5t6y", "1qaz2wsx3edc", "1q2w3e4r5t6y7u", "zaq12wsxcde3", "asdfghjkl123",
        "iloveyou1234", "welcome12345", "welcome123456", "letmein12345", "administrator", "administrator1",
        "changeme1234", "changemenow1", "trustno11234", "football1234", "baseball1234", "basketball12",
        "superman1234", "sunshine1234", "princess1234", "starwars1234", "whatever1234", "monkey123456",
        "abcdefghijkl", "abcdefg12345", "abc123456789", "abcd12345678", "aaaaaaaaaaaa", "111111111111",
        "000000000000", "987654321098", "password!234", "p@ssw0rd1234", "p@ssword1234", "passw0rd1234",
        "spring2026!!", "summer2026!!", "winter2026!!", "autumn2026!!", "fieldkit1234", "fieldkit2026",
        "charlotte123", "charlotte2026", "raleigh12345", "kleanit12345", "getagrip1234", "mustang12345",
        "michael12345", "jennifer1234", "computer1234", "internet1234", "dragon123456", "master123456",
        "shadow123456", "hello1234567", "freedom12345", "letmeinplease", "thisismypassword", "mypassword123",
        "correcthorsebatterystaple", "iloveyouforever", "password1!password1!", "1234567890qwerty", "qwerty1234567890",
    };
}
