using System.Security.Claims;
using FieldKit.Data.Core;
using FieldKit.Domain.Security;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Web.Features.Account;

public static class FieldKitClaims
{
    public const string SessionId = "fieldkit:session";
    public const string SecurityStamp = "fieldkit:stamp";
}

/// <summary>
/// Turns a cookie's principal into what the user may do now, from fieldkit_core: the session must be live,
/// the user active, and the security stamp unchanged (password, roles or active state not changed since).
/// </summary>
public sealed class UserAccessLoader(IDbContextFactory<CoreDbContext> coreFactory, TimeProvider clock)
{
    public async Task<UserAccess> LoadAsync(ClaimsPrincipal? principal, CancellationToken ct = default)
    {
        if (principal?.Identity?.IsAuthenticated != true) return UserAccess.Anonymous;
        if (!Guid.TryParse(principal.FindFirstValue(FieldKitClaims.SessionId), out var sessionId)) return UserAccess.Anonymous;
        var stamp = principal.FindFirstValue(FieldKitClaims.SecurityStamp);
        var now = clock.GetUtcNow();

        await using var db = await coreFactory.CreateDbContextAsync(ct);
        var row = await db.UserSessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.RevokedAt == null && s.ExpiresAt > now)
            .Select(s => new
            {
                s.User!.Username, s.User.DisplayName, s.User.IsActive, s.User.SecurityStamp, s.User.MustChangePassword,
                s.User.DeletedAt,
                Roles = s.User.Roles.Select(r => new { r.CompanyCode, r.Role }).ToList(),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null || !row.IsActive || row.DeletedAt is not null || row.SecurityStamp != stamp)
            return UserAccess.Anonymous;

        var roles = row.Roles.GroupBy(r => r.CompanyCode)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<Role>)g.Select(r => r.Role).ToHashSet());
        return new UserAccess(row.Username, row.DisplayName, roles) { MustChangePassword = row.MustChangePassword };
    }
}
