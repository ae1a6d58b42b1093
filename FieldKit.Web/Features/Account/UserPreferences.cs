using FieldKit.Data.Core;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Web.Features.Account;

/// <summary>Per-user settings kept in fieldkit_core: the last company used, the last customer filter.</summary>
public sealed class UserPreferences(IDbContextFactory<CoreDbContext> coreFactory)
{
    public const string LastCompany = "last_company";

    private string? _rememberedCompany;

    public async Task<string?> GetAsync(string username, string key, CancellationToken ct = default)
    {
        await using var db = await coreFactory.CreateDbContextAsync(ct);
        return await db.UserPreferences.AsNoTracking()
            .Where(p => p.Key == key && db.Users.Any(u => u.Id == p.UserId && u.Username == username))
            .Select(p => p.Value).FirstOrDefaultAsync(ct);
    }

    public async Task SetAsync(string username, string key, string value, CancellationToken ct = default)
    {
        await using var db = await coreFactory.CreateDbContextAsync(ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO user_preferences (user_id, key, value, updated_at)
            SELECT id, {key}, {value}, now() FROM users WHERE username = {username}
            ON CONFLICT (user_id, key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
            WHERE user_preferences.value IS DISTINCT FROM EXCLUDED.value
            """, ct);
    }

    /// <summary>Remembers the company once per change within this circuit, not on every navigation.</summary>
    public async Task RememberCompanyAsync(string username, string company, CancellationToken ct = default)
    {
        if (_rememberedCompany == company) return;
        try
        {
            await SetAsync(username, LastCompany, company, ct);
            _rememberedCompany = company;
        }
        catch (Exception ex) when (Operations.DatabaseFailures.IsUnreachable(ex))
        {
            // A preference is not worth failing a page for while core is down; the next navigation retries.
        }
    }
}
