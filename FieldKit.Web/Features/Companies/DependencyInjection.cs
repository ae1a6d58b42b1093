namespace FieldKit.Web.Features.Companies;

public static class CompanyServices
{
    public static IServiceCollection AddCompanyServices(this IServiceCollection services)
    {
        services.AddScoped<CurrentCompany>();
        services.AddScoped<CompanyDb>();
        services.AddSingleton<CompanyAvailability>();
        services.AddHostedService(sp => sp.GetRequiredService<CompanyAvailability>());
        return services;
    }
}
