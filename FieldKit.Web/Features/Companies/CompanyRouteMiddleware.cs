using FieldKit.Domain.Companies;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Account;
using Microsoft.AspNetCore.Authentication;

namespace FieldKit.Web.Features.Companies;

/// <summary>
/// HTTP-level guard for /{company}/… URLs: unknown company → 404, no access → 403 (also on the first
/// server render, never a fallback to another company). Inside a circuit, CompanyGate applies the same rule.
/// </summary>
public sealed class CompanyRouteMiddleware(RequestDelegate next, CompanyCatalogue catalogue)
{
    public static string? CompanyOf(HttpContext http) => http.Items.TryGetValue(nameof(CompanyRouteMiddleware), out var c) ? c as string : null;

    public async Task InvokeAsync(HttpContext http)
    {
        var first = FirstSegment(http.Request.Path);
        if (first is null || CompanyCodes.Reserved.Contains(first) || first.Contains('.'))
        {
            await next(http);
            return;
        }
        if (!catalogue.Exists(first))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (http.User.Identity?.IsAuthenticated != true)
        {
            await http.ChallengeAsync();
            return;
        }
        var access = SessionCookieEvents.AccessOf(http);
        if (!access.Has(first, Permission.ViewCompany))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        http.Items[nameof(CompanyRouteMiddleware)] = first;
        await next(http);
    }

    private static string? FirstSegment(PathString path)
    {
        var value = path.Value;
        if (string.IsNullOrEmpty(value) || value == "/") return null;
        var trimmed = value.AsSpan(1);
        var slash = trimmed.IndexOf('/');
        return (slash < 0 ? trimmed : trimmed[..slash]).ToString();
    }
}
