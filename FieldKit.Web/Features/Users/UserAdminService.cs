using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FieldKit.Data.Core;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Account;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FieldKit.Web.Features.Users;

/// <summary>
/// User administration. Every method checks on the server that the signed-in caller holds
/// <see cref="Permission.ManageUsers"/> somewhere, and touches roles only in the companies the caller administers.
/// An account itself (name, email, password, active) may be changed only by someone who administers every
/// company the account works in, so an admin of one company cannot take over an account with wider access.
/// </summary>
public sealed partial class UserAdminService(
    IDbContextFactory<CoreDbContext> coreFactory,
    CompanyCatalogue catalogue,
    CurrentUser currentUser,
    TimeProvider clock,
    ILogger<UserAdminService> logger)
{
    public const int TemporaryPasswordLength = 16;
    /// <summary>No 0/O/o, 1/l/I: read aloud or copied from a screen without mistakes.</summary>
    private const string TemporaryPasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    public async Task<IReadOnlyList<UserRow>> ListAsync(bool includeInactive, CancellationToken ct)
    {
        var (caller, administered) = await RequireAdminAsync(ct);
        await using var db = await coreFactory.CreateDbContextAsync(ct);
        var query = db.Users.AsNoTracking();
        if (!includeInactive) query = query.Where(u => u.IsActive);
        var users = await query
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Username)
            .Select(u => new
            {
                u.Id, u.Username, u.DisplayName, u.Email, u.IsActive, u.MustChangePassword, u.Version,
                Roles = u.Roles.Select(r => new { r.CompanyCode, r.Role }).ToList(),
            })
            .ToListAsync(ct);

        return users.Select(u =>
        {
            var roles = u.Roles
                .GroupBy(r => r.CompanyCode)
                .OrderBy(g => CatalogueIndex(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<Role>)g.Select(r => r.Role).Distinct().Order().ToList(),
                    StringComparer.Ordinal);
            return new UserRow(u.Id, u.Username, u.DisplayName, u.Email, u.IsActive, u.MustChangePassword,
                roles, roles.Keys.All(administered.Contains), u.Username == caller.Username, u.Version);
        }).ToList();
    }

    /// <summary>Creates an account with a temporary password (returned once) that must be changed at first sign-in.</summary>
    public async Task<UserSaveResult> CreateAsync(UserInput input, CancellationToken ct)
    {
        var (caller, administered) = await RequireAdminAsync(ct);
        DemandRoleChangesAllowed(caller, administered, input, existing: []);

        var username = (input.Username ?? "").Trim().ToLowerInvariant();
        var errors = ValidateDetails(input);
        var usernameProblem = ValidateUsername(username);
        if (usernameProblem is not null) errors[UserFields.Username] = usernameProblem;

        await using var db = await coreFactory.CreateDbContextAsync(ct);
        // The unique index covers deleted users too, so the check must see them.
        if (usernameProblem is null && await db.Users.IgnoreQueryFilters().AnyAsync(u => u.Username == username, ct))
            errors[UserFields.Username] = Taken(username);
        if (errors.Count > 0) return UserSaveResult.Invalid(errors);

        var password = GenerateTemporaryPassword(username);
        var user = new User
        {
            Username = username,
            DisplayName = input.DisplayName.Trim(),
            Email = NormaliseEmail(input.Email),
            PasswordHash = PasswordHasher.Hash(password),
            MustChangePassword = true,
        };
        foreach (var (company, role) in DesiredRoles(input, administered))
            user.Roles.Add(new UserCompanyRole { CompanyCode = company, Role = role });
        db.Users.Add(user);
        db.Actor = caller.Username;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            return UserSaveResult.Invalid(new(StringComparer.Ordinal) { [UserFields.Username] = Taken(username) });
        }
        logger.LogInformation("{Actor} created user {Username} with roles {Roles}", caller.Username, username, Describe(user.Roles));
        return UserSaveResult.Ok(user.Id, password);
    }

    /// <summary>
    /// Changes name, email and the roles in the companies the caller administers (others untouched). Changed roles
    /// end the user's sessions, so the change takes effect within a minute.
    /// </summary>
    public async Task<UserSaveResult> UpdateAsync(int userId, UserInput input, CancellationToken ct)
    {
        var (caller, administered) = await RequireAdminAsync(ct);
        await using var db = await coreFactory.CreateDbContextAsync(ct);
        var user = await db.Users.Include(u => u.Roles).FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return UserSaveResult.Failed(UserSaveResult.NotFoundMessage);

        DemandRoleChangesAllowed(caller, administered, input, user.Roles);
        var displayName = (input.DisplayName ?? "").Trim();
        var email = NormaliseEmail(input.Email);
        if (displayName != user.DisplayName || email != user.Email)
            DemandAccount(caller, administered, user);

        var errors = ValidateDetails(input);
        var isSelf = user.Username == caller.Username;
        var desired = DesiredRoles(input, administered).ToHashSet();
        if (isSelf && administered.Any(c => !desired.Contains((c, Role.Admin))))
            errors[UserFields.Roles] = "You cannot remove your own admin role; ask another admin to do it.";
        if (errors.Count > 0) return UserSaveResult.Invalid(errors);

        if (input.Version is { } version)
            db.Entry(user).Property(u => u.Version).OriginalValue = version;
        user.DisplayName = displayName;
        user.Email = email;

        var current = user.Roles.Where(r => administered.Contains(r.CompanyCode)).ToList();
        var removed = current.Where(r => !desired.Contains((r.CompanyCode, r.Role))).ToList();
        var added = desired.Where(d => !current.Any(r => r.CompanyCode == d.Company && r.Role == d.Role)).ToList();
        foreach (var role in removed)
            db.Remove(role); // soft delete: the interceptor sets deleted_at/by
        foreach (var (company, role) in added)
            user.Roles.Add(new UserCompanyRole { CompanyCode = company, Role = role });

        // Another user's roles changed: end their sessions. Your own can only grow (your admin role stays),
        // so you are not signed out; the new roles apply from your next page load.
        var rolesChanged = removed.Count > 0 || added.Count > 0;
        var endSessions = rolesChanged && !isSelf;
        if (endSessions) user.SecurityStamp = NewStamp();

        var failure = await SaveAsync(db, caller, user.Id, endSessions, ct);
        if (failure is not null) return failure;
        logger.LogInformation("{Actor} updated user {Username}: +{Added} -{Removed}", caller.Username, user.Username,
            string.Join(", ", added.Select(a => $"{a.Company}:{a.Role}")), Describe(removed));
        return UserSaveResult.Ok(user.Id);
    }

    /// <summary>Deactivates (ending every session at once) or reactivates an account. Nobody can deactivate themselves.</summary>
    public async Task<UserSaveResult> SetActiveAsync(int userId, bool active, CancellationToken ct)
    {
        var (caller, administered) = await RequireAdminAsync(ct);
        await using var db = await coreFactory.CreateDbContextAsync(ct);
        var user = await db.Users.Include(u => u.Roles).FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return UserSaveResult.Failed(UserSaveResult.NotFoundMessage);
        DemandAccount(caller, administered, user);
        if (!active && user.Username == caller.Username)
            return UserSaveResult.Failed("You cannot deactivate your own account; ask another admin to do it.");
        if (user.IsActive == active) return UserSaveResult.Ok(user.Id);

        user.IsActive = active;
        if (!active) user.SecurityStamp = NewStamp();
        var failure = await SaveAsync(db, caller, user.Id, endSessions: !active, ct);
        if (failure is not null) return failure;
        logger.LogInformation("{Actor} {Action} user {Username}", caller.Username, active ? "reactivated" : "deactivated", user.Username);
        return UserSaveResult.Ok(user.Id);
    }

    /// <summary>Sets a new temporary password (returned once), ends the user's sessions and makes them change it at sign-in.</summary>
    public async Task<UserSaveResult> ResetPasswordAsync(int userId, CancellationToken ct)
    {
        var (caller, administered) = await RequireAdminAsync(ct);
        await using var db = await coreFactory.CreateDbContextAsync(ct);
        var user = await db.Users.Include(u => u.Roles).FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return UserSaveResult.Failed(UserSaveResult.NotFoundMessage);
        DemandAccount(caller, administered, user);
        if (user.Username == caller.Username)
            return UserSaveResult.Failed("To change your own password, use Change password in your account menu.");

        var password = GenerateTemporaryPassword(user.Username);
        user.PasswordHash = PasswordHasher.Hash(password);
        user.MustChangePassword = true;
        user.SecurityStamp = NewStamp();
        var failure = await SaveAsync(db, caller, user.Id, endSessions: true, ct);
        if (failure is not null) return failure;
        logger.LogInformation("{Actor} reset the password of {Username}", caller.Username, user.Username);
        return UserSaveResult.Ok(user.Id, password);
    }

    /// <summary>16 characters from an unambiguous alphabet (about 93 bits), drawn until the password policy accepts it.</summary>
    public static string GenerateTemporaryPassword(string username)
    {
        while (true)
        {
            var password = RandomNumberGenerator.GetString(TemporaryPasswordAlphabet, TemporaryPasswordLength);
            if (PasswordPolicy.Validate(password, username) is null) return password;
        }
    }

    /// <summary>Null when acceptable: 3–50 of a–z, 0–9, dot, underscore, hyphen (already lower-cased).</summary>
    public static string? ValidateUsername(string username)
    {
        if (username.Length == 0) return "Enter a username.";
        if (username.Length is < 3 or > 50) return "Use 3 to 50 characters.";
        if (!UsernamePattern().IsMatch(username)) return "Use only lower-case letters, digits, dot, underscore and hyphen.";
        return null;
    }

    private static Dictionary<string, string> ValidateDetails(UserInput input)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var displayName = (input.DisplayName ?? "").Trim();
        if (displayName.Length == 0) errors[UserFields.DisplayName] = "Enter the person's name.";
        else if (displayName.Length > 200) errors[UserFields.DisplayName] = "Use at most 200 characters.";
        var email = NormaliseEmail(input.Email);
        if (email is not null && (email.Length > 254 || !EmailPattern().IsMatch(email)))
            errors[UserFields.Email] = "Enter an email address like name@example.com, or leave it empty.";
        return errors;
    }

    private async Task<(UserAccess Caller, HashSet<string> Administered)> RequireAdminAsync(CancellationToken ct)
    {
        var caller = await currentUser.GetAsync(ct);
        var administered = caller.Companies.Where(c => caller.Has(c, Permission.ManageUsers)).ToHashSet(StringComparer.Ordinal);
        if (administered.Count == 0)
            throw new PermissionDeniedException(caller.Username, "", Permission.ManageUsers);
        return (caller, administered);
    }

    /// <summary>Roles asked for in a company the caller does not administer must equal what the user already holds there.</summary>
    private static void DemandRoleChangesAllowed(UserAccess caller, HashSet<string> administered, UserInput input, IEnumerable<UserCompanyRole> existing)
    {
        var held = existing.ToList();
        foreach (var (company, roles) in input.Roles)
        {
            if (administered.Contains(company)) continue;
            var current = held.Where(r => r.CompanyCode == company).Select(r => r.Role).ToHashSet();
            if (!current.SetEquals(roles))
                throw new PermissionDeniedException(caller.Username, company, Permission.ManageUsers);
        }
    }

    private static void DemandAccount(UserAccess caller, HashSet<string> administered, User user)
    {
        var outside = user.Roles.Select(r => r.CompanyCode).FirstOrDefault(c => !administered.Contains(c));
        if (outside is not null)
            throw new PermissionDeniedException(caller.Username, outside, Permission.ManageUsers);
    }

    private IEnumerable<(string Company, Role Role)> DesiredRoles(UserInput input, HashSet<string> administered) =>
        catalogue.All.Select(c => c.Code).Where(administered.Contains)
            .SelectMany(c => (input.Roles.TryGetValue(c, out var roles) ? roles : [])
                .Where(r => Enum.IsDefined(r)).Distinct().Order().Select(r => (c, r)));

    /// <summary>Saves with the caller as actor; ending sessions happens in the same transaction.</summary>
    private async Task<UserSaveResult?> SaveAsync(CoreDbContext db, UserAccess caller, int userId, bool endSessions, CancellationToken ct)
    {
        db.Actor = caller.Username;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            if (endSessions)
            {
                var now = clock.GetUtcNow();
                await db.UserSessions.Where(s => s.UserId == userId && s.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct);
            }
            await tx.CommitAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return UserSaveResult.Failed(UserSaveResult.ConcurrencyMessage);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            // Two admins granting the same role at once.
            return UserSaveResult.Failed(UserSaveResult.ConcurrencyMessage);
        }
    }

    private int CatalogueIndex(string code)
    {
        for (var i = 0; i < catalogue.All.Count; i++)
            if (catalogue.All[i].Code == code) return i;
        return int.MaxValue;
    }

    private static string? NormaliseEmail(string? email) => string.IsNullOrWhiteSpace(email) ? null : email.Trim();

    private static string NewStamp() => Guid.NewGuid().ToString("N");

    private static string Taken(string username) => $"Username '{username}' is taken.";

    private static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private static string Describe(IEnumerable<UserCompanyRole> roles) =>
        string.Join(", ", roles.Select(r => $"{r.CompanyCode}:{r.Role}"));

    [GeneratedRegex("^[a-z0-9._-]+$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    /// <summary>
    /// `create-admin &lt;username&gt; "&lt;Display Name&gt;" [email]`, password from FIELDKIT_ADMIN_PASSWORD or standard input:
    /// the first admin of a Production install. There is no default password anywhere.
    /// </summary>
    public async Task<int> CreateFirstAdminFromConsoleAsync(string[] args, CancellationToken ct)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: create-admin <username> \"<Display Name>\" [email]   (password from FIELDKIT_ADMIN_PASSWORD or stdin)");
            return 2;
        }
        var username = args[0].Trim().ToLowerInvariant();
        var password = Environment.GetEnvironmentVariable("FIELDKIT_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.Write("Password: ");
            password = Console.ReadLine();
        }
        var problem = PasswordPolicy.Validate(password, username);
        if (problem is not null)
        {
            Console.Error.WriteLine(problem);
            return 1;
        }
        await using var db = await coreFactory.CreateDbContextAsync(ct);
        db.Actor = "system:create-admin";
        if (await db.Users.AnyAsync(u => u.Username == username, ct))
        {
            Console.Error.WriteLine($"User '{username}' already exists.");
            return 1;
        }
        var user = new User
        {
            Username = username,
            DisplayName = args[1],
            Email = args.Length > 2 ? args[2] : null,
            PasswordHash = PasswordHasher.Hash(password!),
        };
        user.Roles.AddRange(catalogue.All.Select(c => new UserCompanyRole { CompanyCode = c.Code, Role = Role.Admin }));
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Created admin {Username} for all companies", username);
        Console.WriteLine($"Created admin '{username}' with access to {string.Join(", ", catalogue.All.Select(c => c.Code))}.");
        return 0;
    }
}
