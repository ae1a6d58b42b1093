using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace FieldKit.Web.Features.Account;

/// <summary>An open circuit re-checks its session every minute, so a deactivated user or changed roles lose access within a minute.</summary>
public sealed class RevalidatingAuthStateProvider(ILoggerFactory loggerFactory, UserAccessLoader loader)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct) =>
        (await loader.LoadAsync(state.User, ct)).IsAuthenticated;
}
