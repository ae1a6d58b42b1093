using System.Text.RegularExpressions;

namespace FieldKit.Domain.Companies;

/// <summary>
/// What a company code may be. The code is the first segment of every company URL and the suffix of its database
/// name, so it cannot be one of the app's own top-level paths and must be a plain lowercase identifier.
/// </summary>
public static partial class CompanyCodes
{
    /// <summary>
    /// Top-level paths that are not companies. "Components": colocated JS modules
    /// (Components/Layout/ReconnectModal.razor.js) are static assets under it.
    /// </summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "account", "admin", "health", "metrics", "status", "sales", "_blazor", "_framework", "_content", "not-found",
        "components",
    };

    // fieldkit_<code> must stay within PostgreSQL's 63-byte identifier limit.
    public const int MaxLength = 40;

    /// <summary>Why <paramref name="code"/> cannot be a company code, or null when it can.</summary>
    public static string? Problem(string? code)
    {
        if (string.IsNullOrEmpty(code)) return "a company code is empty";
        if (code.Length > MaxLength) return $"company code '{code}' is longer than {MaxLength} characters";
        if (!Shape().IsMatch(code))
            return $"company code '{code}' must start with a lowercase letter and hold only lowercase letters, digits and underscores";
        if (Reserved.Contains(code)) return $"company code '{code}' is one of the app's own paths (/{code}/…)";
        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex Shape();
}
