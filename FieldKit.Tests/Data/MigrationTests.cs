using FieldKit.Data;
using FieldKit.Data.Company;
using FieldKit.Domain.Companies;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FieldKit.Tests.Data;

[Collection(DatabaseCollection.Name)]
public sealed class MigrationTests(DataFixture fx)
{
    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_leave_nothing_pending()
    {
        var name = $"fieldkit_empty_{Guid.NewGuid():N}"[..30];
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddFieldKitData(TestConfiguration.Build(code => code == "cts" ? TestConfiguration.ConnectionString(name) : TestConfiguration.ConnectionString($"fieldkit_{code}")));
        await using var sp = services.BuildServiceProvider();
        try
        {
            await using var db = sp.GetRequiredService<CompanyDbContextFactory>().Create("cts", "test");
            await db.Database.MigrateAsync();

            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var tables = await db.Database.SqlQuery<string>(
                $"SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'").ToListAsync();
            Assert.Contains("customers", tables);
            Assert.Contains("audit_log", tables);
            Assert.Contains("approval_queue", tables);
            var triggers = await db.Database.SqlQuery<int>(
                $"SELECT count(*)::int AS \"Value\" FROM information_schema.triggers WHERE event_object_table = 'customers'").SingleAsync();
            Assert.True(triggers >= 3, "customers should carry the updated_at, audit and notify triggers");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(TestConfiguration.ConnectionString("postgres"));
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public void Checked_in_sql_scripts_match_the_migrations()
    {
        foreach (var (file, sql) in MigrationScripts.Generate(fx.Services))
        {
            var path = Path.Combine(TestConfiguration.RepositoryRoot, "migrations", file);
            Assert.True(File.Exists(path), $"{path} is missing: run ./fieldkit migrations-script");
            var committed = File.ReadAllText(path).ReplaceLineEndings("\n");
            Assert.True(committed == sql, $"migrations/{file} is stale: run ./fieldkit migrations-script and commit it");
        }
    }

    [Fact]
    public async Task Migrate_reports_a_company_that_is_down_and_migrates_the_rest()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Critical));
        // Port 1 on loopback: nothing listens there, so kleanit_sf is "down for maintenance".
        services.AddFieldKitData(TestConfiguration.Build(code =>
            code == "kleanit_sf" ? TestConfiguration.ConnectionString("fieldkit_kleanit_sf", port: 1) : TestConfiguration.ConnectionString($"fieldkit_{code}")));
        await using var sp = services.BuildServiceProvider();

        var results = await sp.GetRequiredService<DatabaseMigrator>().MigrateAllAsync();

        var down = Assert.Single(results, r => !r.Succeeded);
        Assert.Equal("kleanit_sf", down.Database);
        Assert.NotNull(down.Error);
        Assert.Equal(4, results.Count(r => r.Succeeded));
        Assert.Equal(sp.GetRequiredService<CompanyCatalogue>().All.Count + 1, results.Count);
    }
}
