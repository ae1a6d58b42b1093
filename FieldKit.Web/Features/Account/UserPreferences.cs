using FieldKit.Data.Core;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Web.Features.Account;

/// <summary>Per-user settings kept in fieldkit_core: the last company used, the last customer filter.</summary>
public sealed class UserPreferences(IDbContextFactory<CoreDbContext> coreFactory)
{
    public const string LastCompany = "last_company";

    private string? _rememberedCompany;

    // What this circuit last read or wrote, per user and key. Every list and board visit asked core for its
    // remembered filter and every filter change wrote it, through core's one pool shared by all companies: under
    // load (issue #10) that pool ran dry first. A circuit keeps using its own filter; other tabs see it on their next start.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string User, string Key), string?> _known = new();

    public async Task<string?> GetAsync(string username, string key, CancellationToken ct = default)
    {
        if (_known.TryGetValue((username, key), out var known)) return known;
        await using var db = await coreFactory.CreateDbContextAsync(ct);
        var value = await db.UserPreferences.AsNoTracking()
            .Where(p => p.Key == key && db.Users.Any(u => u.Id == p.UserId && u.Username == username))
            .Select(p => p.Value).FirstOrDefaultAsync(ct);
        _known[(username, key)] = value;
        return value;
    }

    public async Task SetAsync(string username, string key, string value, CancellationToken ct = default)
    {
        if (_known.TryGetValue((username, key), out var known) && known == value) return;
        await SetInCoreAsync(username, key, value, ct);
        _known[(username, key)] = value;
    }

    private async Task SetInCoreAsync(string username, string key, string value, CancellationToken ct)
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
