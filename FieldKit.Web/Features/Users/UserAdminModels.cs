using FieldKit.Domain.Security;

namespace FieldKit.Web.Features.Users;

/// <summary>One user as the admin list shows it.</summary>
/// <param name="RolesByCompany">Company code → roles held there, companies in catalogue order.</param>
/// <param name="CanManageAccount">
/// The caller administers every company this user works in, so may change name/email, reset the password and
/// deactivate. (Otherwise an admin of one company could take over an account with access elsewhere.)
/// </param>
/// <param name="IsSelf">The row is the caller's own account.</param>
/// <param name="Version">Concurrency token read with the row; pass it back in <see cref="UserInput.Version"/>.</param>
public sealed record UserRow(
    int Id,
    string Username,
    string DisplayName,
    string? Email,
    bool IsActive,
    bool MustChangePassword,
    IReadOnlyDictionary<string, IReadOnlyList<Role>> RolesByCompany,
    bool CanManageAccount,
    bool IsSelf,
    uint Version);

/// <summary>The editor's form. Username is only read on create (usernames never change).</summary>
public sealed record UserInput
{
    public string Username { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string? Email { get; set; }

    /// <summary>
    /// Desired roles per company. For companies the caller administers a missing key means "no roles";
    /// companies the caller does not administer must be absent or unchanged.
    /// </summary>
    public Dictionary<string, HashSet<Role>> Roles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The <see cref="UserRow.Version"/> the editor started from (update only): a later change by someone else is reported, not overwritten.</summary>
    public uint? Version { get; set; }

    public static UserInput From(UserRow row) => new()
    {
        Username = row.Username,
        DisplayName = row.DisplayName,
        Email = row.Email,
        Roles = row.RolesByCompany.ToDictionary(kv => kv.Key, kv => kv.Value.ToHashSet(), StringComparer.Ordinal),
        Version = row.Version,
    };
}

/// <summary>
/// Outcome of a user-admin write. Either it succeeded (and <see cref="TemporaryPassword"/> is set after
/// create or reset, shown once), or nothing was written and <see cref="Errors"/> (field → message) or
/// <see cref="Message"/> (the whole form) says why.
/// </summary>
public sealed record UserSaveResult
{
    public const string ConcurrencyMessage = "Someone else changed this user; reload and try again.";
    public const string NotFoundMessage = "This user no longer exists; reload the list.";

    public int? UserId { get; init; }
    public string? TemporaryPassword { get; init; }
    public Dictionary<string, string> Errors { get; init; } = new(StringComparer.Ordinal);
    public string? Message { get; init; }

    public bool Succeeded => Errors.Count == 0 && Message is null;

    public static UserSaveResult Ok(int userId, string? temporaryPassword = null) =>
        new() { UserId = userId, TemporaryPassword = temporaryPassword };

    public static UserSaveResult Invalid(Dictionary<string, string> errors) => new() { Errors = errors };

    public static UserSaveResult Failed(string message) => new() { Message = message };
}

/// <summary>Field names used as keys of <see cref="UserSaveResult.Errors"/>.</summary>
public static class UserFields
{
    public const string Username = nameof(UserInput.Username);
    public const string DisplayName = nameof(UserInput.DisplayName);
    public const string Email = nameof(UserInput.Email);
    public const string Roles = nameof(UserInput.Roles);
}
