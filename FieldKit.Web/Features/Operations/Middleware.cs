using Serilog.Context;

namespace FieldKit.Web.Features.Operations;

/// <summary>Pages carry customer data: never let a browser or proxy keep them (the back button after sign-out shows nothing).</summary>
public sealed class NoStoreMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(() =>
        {
            var type = http.Response.ContentType;
            if (type is not null && type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
                http.Response.Headers.CacheControl = "no-store, max-age=0";
            return Task.CompletedTask;
        });
        return next(http);
    }
}

/// <summary>Puts the user and the route's company on every log event of the request.</summary>
public sealed class LogContextMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        using (LogContext.PushProperty("User", http.User.Identity?.Name))
        using (LogContext.PushProperty("Company", Companies.CompanyRouteMiddleware.CompanyOf(http)))
        using (LogContext.PushProperty("RequestId", http.TraceIdentifier))
        {
            await next(http);
        }
    }
}
