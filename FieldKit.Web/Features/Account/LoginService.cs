using System.Security.Claims;
using FieldKit.Data.Core;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Account;

public enum SignInStatus { Success, Failed, RateLimited }

public sealed record SignInResult(SignInStatus Status, string? Message = null, int RetryAfterSeconds = 0, bool MustChangePassword = false);

/// <summary>
/// Sign-in with bcrypt, a rate limit counted in fieldkit_core (so it holds across instances and restarts),
/// a login_history row for every attempt, and a server-side session row behind the cookie.
/// </summary>
public sealed class LoginService(
    IDbContextFactory<CoreDbContext> coreFactory,
    TimeProvider clock,
    IOptions<FieldKitOptions> options,
    ILogger<LoginService> logger)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public const string FailureMessage = "Incorrect username or password.";

    private static readonly LoginOutcome[] Failures = [LoginOutcome.WrongPassword, LoginOutcome.UnknownUser, LoginOutcome.Inactive];

    public async Task<SignInResult> SignInAsync(HttpContext http, string? usernameInput, string? password, CancellationToken ct)
    {
        var username = (usernameInput ?? "").Trim().ToLowerInvariant();
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var now = clock.GetUtcNow();

        await using var db = await coreFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Serialise attempts on one username across instances so the count cannot be raced past the limit.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"login:" + username}))", ct);

        var since = now - Window;
        var recent = await db.LoginHistory.AsNoTracking()
            .Where(h => h.At > since && Failures.Contains(h.Outcome) && (h.Username == username || h.Address == address))
            .Select(h => new { h.Username, h.Address, h.At })
            .ToListAsync(ct);
        var byUser = recent.Where(h => h.Username == username).Select(h => h.At).OrderDescending().ToList();
        var byAddress = recent.Where(h => h.Address == address).Select(h => h.At).OrderDescending().ToList();
        if (byUser.Count >= MaxFailures || byAddress.Count >= MaxFailures)
        {
            // Free again when the oldest of the last five failures leaves the window.
            var unblockAt = new[] { byUser, byAddress }.Where(l => l.Count >= MaxFailures).Max(l => l[MaxFailures - 1]) + Window;
            var seconds = Math.Max(1, (int)Math.Ceiling((unblockAt - now).TotalSeconds));
            Record(db, username, null, address, LoginOutcome.RateLimited, now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            logger.LogWarning("Sign-in rate limited for {Username} from {Address}", username, address);
            return new SignInResult(SignInStatus.RateLimited,
                $"Too many failed sign-in attempts. Try again in {seconds} second{(seconds == 1 ? "" : "s")}.", seconds);
        }

        var user = username.Length == 0 ? null : await db.Users.FirstOrDefaultAsync(u => u.Username == username, ct);
        var ok = PasswordHasher.Verify(password ?? "", user?.PasswordHash);
        var outcome = user is null ? LoginOutcome.UnknownUser
            : !ok ? LoginOutcome.WrongPassword
            : !user.IsActive ? LoginOutcome.Inactive
            : LoginOutcome.Success;
        Record(db, username, user?.Id, address, outcome, now);

        if (outcome != LoginOutcome.Success)
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            logger.LogInformation("Sign-in failed for {Username} from {Address}: {Outcome}", username, address, outcome);
            return new SignInResult(SignInStatus.Failed, FailureMessage);
        }

        db.Actor = username;
        if (PasswordHasher.NeedsUpgrade(user!.PasswordHash))
            user.PasswordHash = PasswordHasher.Hash(password!);
        var session = NewSession(db, user, http, now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        await IssueCookieAsync(http, user, session);
        logger.LogInformation("Signed in {Username} from {Address}", username, address);
        return new SignInResult(SignInStatus.Success, MustChangePassword: user.MustChangePassword);
    }

    public async Task SignOutAsync(HttpContext http, CancellationToken ct)
    {
        if (Guid.TryParse(http.User.FindFirstValue(FieldKitClaims.SessionId), out var sessionId))
        {
            await using var db = await coreFactory.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow();
            await db.UserSessions.Where(s => s.Id == sessionId && s.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct);
        }
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>Changes the signed-in user's own password: all their sessions end and this browser gets a new one.</summary>
    public async Task<string?> ChangePasswordAsync(HttpContext http, string? current, string? next, string? confirm, CancellationToken ct)
    {
        var username = http.User.Identity?.Name ?? "";
        await using var db = await coreFactory.CreateDbContextAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Username == username && u.IsActive, ct);
        if (user is null) return "Your session has ended; sign in again.";
        if (!PasswordHasher.Verify(current ?? "", user.PasswordHash)) return "The current password is not correct.";
        if (next != confirm) return "The new passwords do not match.";
        var problem = PasswordPolicy.Validate(next, username);
        if (problem is not null) return problem;
        if (PasswordHasher.Verify(next!, user.PasswordHash)) return "Choose a password different from the current one.";

        var now = clock.GetUtcNow();
        db.Actor = username;
        user.PasswordHash = PasswordHasher.Hash(next!);
        user.MustChangePassword = false;
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        await db.UserSessions.Where(s => s.UserId == user.Id && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct);
        var session = NewSession(db, user, http, now);
        await db.SaveChangesAsync(ct);
        await IssueCookieAsync(http, user, session);
        return null;
    }

    private UserSession NewSession(CoreDbContext db, User user, HttpContext http, DateTimeOffset now)
    {
        var session = new UserSession
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            CreatedAt = now,
            ExpiresAt = now.AddHours(options.Value.SessionHours),
            Address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            UserAgent = Truncate(http.Request.Headers.UserAgent.ToString(), 300),
        };
        db.UserSessions.Add(session);
        return session;
    }

    private static Task IssueCookieAsync(HttpContext http, User user, UserSession session)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, user.Username),
            new Claim(FieldKitClaims.SessionId, session.Id.ToString()),
            new Claim(FieldKitClaims.SecurityStamp, user.SecurityStamp),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = true, ExpiresUtc = session.ExpiresAt, AllowRefresh = false });
    }

    private static void Record(CoreDbContext db, string username, int? userId, string address, LoginOutcome outcome, DateTimeOffset at) =>
        db.LoginHistory.Add(new LoginHistory { Username = Truncate(username, 100), UserId = userId, Address = address, Outcome = outcome, At = at });

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
