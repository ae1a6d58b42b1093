using Npgsql;
using Respawn;
using Respawn.Graph;

namespace FieldKit.Tests.Infrastructure;

/// <summary>Empties core and the four company databases between tests (Respawn), keeping the schema.</summary>
public sealed class DatabaseResetter
{
    private readonly Dictionary<string, Respawner> _respawners = new();

    public async Task ResetAsync()
    {
        foreach (var database in Databases())
        {
            await using var conn = new NpgsqlConnection(TestConfiguration.ConnectionString(database));
            await conn.OpenAsync();
            if (!_respawners.TryGetValue(database, out var respawner))
            {
                respawner = await Respawner.CreateAsync(conn, new RespawnerOptions
                {
                    DbAdapter = DbAdapter.Postgres,
                    SchemasToInclude = ["public"],
                    // Keys stay: the in-process app caches its key ring, and cookies must keep working.
                    TablesToIgnore = [new Table("__EFMigrationsHistory"), new Table("data_protection_keys")],
                    WithReseed = true,
                });
                _respawners[database] = respawner;
            }
            await respawner.ResetAsync(conn);
        }
    }

    private static IEnumerable<string> Databases() =>
        TestConfiguration.Companies.Select(c => $"fieldkit_{c}").Prepend("fieldkit_core");
}
