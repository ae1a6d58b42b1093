using FieldKit.Data.Company;
using FieldKit.Data.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FieldKit.Data;

// Used by `dotnet ef migrations add` only; never connects.
internal sealed class CompanyDesignTimeFactory : IDesignTimeDbContextFactory<CompanyDbContext>
{
    public CompanyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CompanyDbContext>()
            .UseNpgsql("Host=localhost;Database=fieldkit_design").UseSnakeCaseNamingConvention().Options);
}

internal sealed class CoreDesignTimeFactory : IDesignTimeDbContextFactory<CoreDbContext>
{
    public CoreDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CoreDbContext>()
            .UseNpgsql("Host=localhost;Database=fieldkit_design").UseSnakeCaseNamingConvention().Options);
}
