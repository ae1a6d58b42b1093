using FieldKit.Data.Company;
using FieldKit.Data.Core;
using FieldKit.Domain.Companies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FieldKit.Data;

public sealed record MigrationResult(string Database, bool Succeeded, int Applied, string? Error);

/// <summary>
/// Applies migrations to core and every company database, each on its own: one that is down is reported
/// by name and the rest are still migrated.
/// </summary>
public sealed class DatabaseMigrator(
    IDbContextFactory<CoreDbContext> coreFactory,
    CompanyDbContextFactory companyFactory,
    CompanyCatalogue catalogue,
    ILogger<DatabaseMigrator> logger)
{
    public async Task<IReadOnlyList<MigrationResult>> MigrateAllAsync(CancellationToken ct = default)
    {
        var results = new List<MigrationResult>();
        await using (var core = await coreFactory.CreateDbContextAsync(ct))
            results.Add(await MigrateAsync("core", core, ct));
        foreach (var company in catalogue.All)
        {
            await using var db = companyFactory.Create(company.Code, "system:migrate");
            results.Add(await MigrateAsync(company.Code, db, ct));
        }
        return results;
    }

    private async Task<MigrationResult> MigrateAsync(string name, DbContext db, CancellationToken ct)
    {
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
            // EF applies each migration in its own transaction and holds a migration lock, so two
            // instances starting together do not both migrate.
            await db.Database.MigrateAsync(ct);
            logger.LogInformation("Migrated {Database}: {Applied} migration(s) applied", name, pending);
            return new MigrationResult(name, true, pending, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not migrate {Database}", name);
            return new MigrationResult(name, false, 0, ex.GetBaseException().Message);
        }
    }
}
