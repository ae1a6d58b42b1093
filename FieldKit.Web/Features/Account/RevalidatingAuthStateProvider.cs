using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace FieldKit.Web.Features.Account;

/// <summary>An open circuit re-checks its session every minute, so a deactivated user or changed roles lose access within a minute.</summary>
public sealed class RevalidatingAuthStateProvider(ILoggerFactory loggerFactory, UserAccessLoader loader)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        try
        {
            return (await loader.LoadAsync(state.User, ct)).IsAuthenticated;
        }
        catch (Exception ex) when (Operations.DatabaseFailures.IsUnreachable(ex))
        {
            // Core is down: nobody can be checked, and nothing can be done without a database either.
            // Keep the circuit signed in and check again next minute, so screens recover when it returns.
            return true;
        }
    }
}
