using FieldKit.Data;
using FieldKit.Data.Company;
using FieldKit.Data.Core;
using FieldKit.Data.Seeding;
using FieldKit.Domain.Companies;
using FieldKit.Web.Features.Account;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FieldKit.Tests.Infrastructure;

/// <summary>
/// The data layer wired as the app wires it (FieldKit.Data's DependencyInjection), against the test cluster.
/// One per test run; tests reset the databases through it.
/// </summary>
public sealed class DataFixture : IAsyncLifetime
{
    private static readonly Lazy<string> DemoHash = new(() => PasswordHasher.Hash(DemoSeeder.DemoPassword));

    public ServiceProvider Services { get; }
    public DatabaseResetter Resetter { get; } = new();

    public DataFixture()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddFieldKitData(TestConfiguration.Build());
        Services = services.BuildServiceProvider();
    }

    public CompanyCatalogue Catalogue => Services.GetRequiredService<CompanyCatalogue>();

    public CompanyDbContext Company(string code, string actor = "test") =>
        Services.GetRequiredService<CompanyDbContextFactory>().Create(code, actor);

    public CoreDbContext Core(string actor = "test")
    {
        var db = Services.GetRequiredService<IDbContextFactory<CoreDbContext>>().CreateDbContext();
        db.Actor = actor;
        return db;
    }

    public Task ResetAsync() => Resetter.ResetAsync();

    /// <summary>Empty databases, then the deterministic demo data (users, companies, properties, contacts).</summary>
    public async Task ResetToDemoAsync()
    {
        await Resetter.ResetAsync();
        await Services.GetRequiredService<DemoSeeder>().SeedAsync(_ => DemoHash.Value, CancellationToken.None);
    }

    /// <summary>Only the demo users (no company data): for tests that build their own rows.</summary>
    public async Task SeedDemoUsersAsync()
    {
        await Services.GetRequiredService<DemoSeeder>().SeedUsersOnlyAsync(_ => DemoHash.Value, CancellationToken.None);
    }

    public async Task InitializeAsync()
    {
        // `./fieldkit test` migrates before the tests; this keeps a bare `dotnet test` working too.
        var results = await Services.GetRequiredService<DatabaseMigrator>().MigrateAllAsync();
        var failed = results.Where(r => !r.Succeeded).ToList();
        if (failed.Count > 0)
            throw new InvalidOperationException(
                $"Test databases unavailable ({string.Join("; ", failed.Select(f => $"{f.Database}: {f.Error}"))}). Run ./fieldkit test.");
    }

    public async Task DisposeAsync() => await Services.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class DatabaseCollection : ICollectionFixture<DataFixture>, ICollectionFixture<AppFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "database";
}
