using FieldKit.Data.Auditing;
using FieldKit.Data.Company;
using FieldKit.Data.Core;
using FieldKit.Domain.Companies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FieldKit.Data;

public static class DependencyInjection
{
    /// <summary>
    /// Companies come from the "Companies" section; each one's connection string from
    /// ConnectionStrings:&lt;code&gt; (so each company may live on its own server), core's from ConnectionStrings:Core.
    /// </summary>
    public static IServiceCollection AddFieldKitData(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => LoadCatalogue(configuration));
        services.AddSingleton<AuditInterceptor>();
        services.AddSingleton<SlowQueryInterceptor>();
        services.AddSingleton<CompanyDbContextFactory>();
        // Not pooled: a core context carries its Actor, which must never leak into the next borrower.
        services.AddDbContextFactory<CoreDbContext>((sp, options) =>
            DataOptions.Configure(options, CoreConnectionString(configuration),
                sp.GetRequiredService<AuditInterceptor>(), sp.GetRequiredService<SlowQueryInterceptor>()),
            ServiceLifetime.Singleton);
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<Seeding.DemoSeeder>();
        services.AddSingleton<Seeding.ScaleSeeder>();
        return services;
    }

    public static string CoreConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Core")
        ?? throw new InvalidOperationException("ConnectionStrings:Core is not configured.");

    public static CompanyCatalogue LoadCatalogue(IConfiguration configuration)
    {
        var companies = configuration.GetSection("Companies").GetChildren().Select(section =>
        {
            var code = section["Code"] ?? throw new InvalidOperationException($"Companies:{section.Key} has no Code.");
            return new CompanyInfo
            {
                Code = code,
                Name = section["Name"] ?? code,
                ConnectionString = configuration.GetConnectionString(code)
                    ?? throw new InvalidOperationException($"ConnectionStrings:{code} is not configured."),
                PrimaryColor = section["PrimaryColor"] ?? "#424242",
                SecondaryColor = section["SecondaryColor"],
                LogoPath = section["LogoPath"],
                Monogram = section["Monogram"] ?? code[..1].ToUpperInvariant(),
                DormancyWeeks = int.TryParse(section["DormancyWeeks"], out var w) ? w : 4,
                RemitToAddress = section["RemitToAddress"],
                Phone = section["Phone"],
            };
        }).ToList();
        if (companies.Count == 0) throw new InvalidOperationException("No companies are configured.");
        return new CompanyCatalogue(companies);
    }
}
