using System.Collections.Concurrent;
using FieldKit.Data.Auditing;
using FieldKit.Domain.Companies;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace FieldKit.Data.Company;

/// <summary>
/// Builds short-lived contexts for one company's database, pooled per company. It does no permission
/// check: callers in the web app go through CompanyDb, which does.
/// </summary>
public sealed class CompanyDbContextFactory(CompanyCatalogue catalogue, AuditInterceptor audit, SlowQueryInterceptor slow)
{
    private readonly ConcurrentDictionary<string, PooledDbContextFactory<CompanyDbContext>> _pools = new();

    public CompanyDbContext Create(string companyCode, string actor)
    {
        var pool = _pools.GetOrAdd(companyCode, code =>
        {
            var company = catalogue.Get(code);
            var options = new DbContextOptionsBuilder<CompanyDbContext>();
            DataOptions.Configure(options, company.ConnectionString, audit, slow);
            return new PooledDbContextFactory<CompanyDbContext>(options.Options, poolSize: 64);
        });
        var db = pool.CreateDbContext();
        db.CompanyCode = companyCode;
        db.Actor = actor;
        return db;
    }
}

internal static class DataOptions
{
    public static void Configure(DbContextOptionsBuilder options, string connectionString, params IInterceptor[] interceptors) =>
        options.UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(interceptors)
            // Sessions and roles of a soft-deleted user are meant to disappear with the user.
            .ConfigureWarnings(w => w.Ignore(CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning));
}
