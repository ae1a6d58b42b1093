using System.Security.Claims;
using FieldKit.Domain.Entities;
using FieldKit.Web.Features.Account;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Tests.Infrastructure;

/// <summary>A real session row in fieldkit_core and the cookie principal that names it, without a browser.</summary>
public static class TestSessions
{
    public static async Task<ClaimsPrincipal> PrincipalForAsync(DataFixture fx, string username)
    {
        await using var core = fx.Core();
        var user = await core.Users.SingleAsync(u => u.Username == username);
        var session = new UserSession
        {
            Id = Guid.NewGuid(), UserId = user.Id, CreatedAt = DateTimeOffset.UtcNow,
            ExpiresAt = DateTimeOffset.UtcNow.AddHours(1), Address = "127.0.0.1",
        };
        core.UserSessions.Add(session);
        await core.SaveChangesAsync();
        return new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, username),
            new Claim(FieldKitClaims.SessionId, session.Id.ToString()),
            new Claim(FieldKitClaims.SecurityStamp, user.SecurityStamp),
        ], "Test"));
    }
}

public static class AppScopes
{
    /// <summary>A DI scope of the running app as if it were <paramref name="username"/>'s circuit.</summary>
    public static async Task<Microsoft.Extensions.DependencyInjection.AsyncServiceScope> ForUserAsync(this AppFixture app, DataFixture fx, string username)
    {
        var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(app.App.Services);
        var principal = await TestSessions.PrincipalForAsync(fx, username);
        var auth = (Microsoft.AspNetCore.Components.Authorization.IHostEnvironmentAuthenticationStateProvider)
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>(scope.ServiceProvider);
        auth.SetAuthenticationState(Task.FromResult(new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(principal)));
        return scope;
    }
}
