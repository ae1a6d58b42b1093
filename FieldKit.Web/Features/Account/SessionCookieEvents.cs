using FieldKit.Domain.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace FieldKit.Web.Features.Account;

/// <summary>Checks every request's cookie against its session row; a revoked or stale session signs the browser out.</summary>
public sealed class SessionCookieEvents(UserAccessLoader loader) : CookieAuthenticationEvents
{
    public static UserAccess AccessOf(HttpContext http) =>
        http.Items.TryGetValue(typeof(UserAccess), out var a) && a is UserAccess access ? access : UserAccess.Anonymous;

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var access = await loader.LoadAsync(context.Principal, context.HttpContext.RequestAborted);
        if (!access.IsAuthenticated)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        context.HttpContext.Items[typeof(UserAccess)] = access;
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        // The circuit's own requests get a status, not an HTML redirect.
        if (context.Request.Path.StartsWithSegments("/_blazor"))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }
        return base.RedirectToLogin(context);
    }
}
