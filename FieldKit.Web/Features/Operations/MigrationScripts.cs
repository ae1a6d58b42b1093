using FieldKit.Data.Company;
using FieldKit.Data.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FieldKit.Web.Features.Operations;

/// <summary>Idempotent SQL for review and manual apply (migrations/*.sql); a test fails when these are stale.</summary>
public static class MigrationScripts
{
    public static IEnumerable<(string File, string Sql)> Generate(IServiceProvider sp)
    {
        using (var core = sp.GetRequiredService<IDbContextFactory<CoreDbContext>>().CreateDbContext())
            yield return ("core.sql", Script(core));
        var any = sp.GetRequiredService<FieldKit.Domain.Companies.CompanyCatalogue>().All[0].Code;
        using var company = sp.GetRequiredService<CompanyDbContextFactory>().Create(any, "system:script");
        yield return ("company.sql", Script(company));
    }

    private static string Script(DbContext db) =>
        db.GetService<IMigrator>()
            .GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent)
            .ReplaceLineEndings("\n");
}
