namespace FieldKit.Web.Features.Account;

public static class AccountEndpoints
{
    public static IServiceCollection AddAccountServices(this IServiceCollection services)
    {
        services.AddSingleton<UserAccessLoader>();
        services.AddScoped<SessionCookieEvents>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<LoginService>();
        services.AddScoped<UserPreferences>();
        return services;
    }

    public static void MapAccountEndpoints(this WebApplication app)
    {
        // A form post with an antiforgery token (minimal APIs validate it for form-bound endpoints).
        app.MapPost("/account/logout", async (HttpContext http, LoginService login, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            await login.SignOutAsync(http, http.RequestAborted);
            return Results.LocalRedirect("/account/login?signedOut=1");
        });
    }
}
