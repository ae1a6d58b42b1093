using FieldKit.Domain.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace FieldKit.Web.Features.Account;

/// <summary>The signed-in user's access for this circuit (or request), loaded once and reloaded when the auth state changes.</summary>
public sealed class CurrentUser : IDisposable
{
    private readonly AuthenticationStateProvider _auth;
    private readonly UserAccessLoader _loader;
    private Task<UserAccess>? _access;

    public CurrentUser(AuthenticationStateProvider auth, UserAccessLoader loader)
    {
        _auth = auth;
        _loader = loader;
        _auth.AuthenticationStateChanged += OnChanged;
    }

    public Task<UserAccess> GetAsync(CancellationToken ct = default)
    {
        if (_access is { IsFaulted: true } or { IsCanceled: true }) _access = null;
        return _access ??= LoadAsync(ct);
    }

    private async Task<UserAccess> LoadAsync(CancellationToken ct)
    {
        var state = await _auth.GetAuthenticationStateAsync();
        return await _loader.LoadAsync(state.User, ct);
    }

    private void OnChanged(Task<AuthenticationState> _) => _access = null;

    public void Dispose() => _auth.AuthenticationStateChanged -= OnChanged;
}
