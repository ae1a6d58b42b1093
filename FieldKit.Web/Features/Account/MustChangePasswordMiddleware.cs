namespace FieldKit.Web.Features.Account;

/// <summary>A temporary (reset) password opens only the change-password page.</summary>
public sealed class MustChangePasswordMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path;
        if (SessionCookieEvents.AccessOf(http).MustChangePassword
            && HttpMethods.IsGet(http.Request.Method)
            && !path.StartsWithSegments("/account")
            && !path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_content")
            && !path.StartsWithSegments("/_blazor") && !Path.HasExtension(path.Value))
        {
            http.Response.Redirect("/account/change-password");
            return Task.CompletedTask;
        }
        return next(http);
    }
}
