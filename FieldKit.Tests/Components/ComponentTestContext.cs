using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using FieldKit.Data;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web;
using FieldKit.Web.Features.Account;
using FieldKit.Web.Features.Companies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor.Services;

namespace FieldKit.Tests.Components;

/// <summary>
/// The one shared bUnit setup: MudBlazor, the app's real data and account services against the test
/// cluster, and a signed-in user whose claims name a real session row.
/// </summary>
public abstract class ComponentTestContext : BunitContext, IAsyncLifetime
{
    protected ComponentTestContext(DataFixture fx)
    {
        Fx = fx;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        Services.AddMudServices();
        var configuration = TestConfiguration.Build();
        Services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(configuration);
        Services.AddFieldKitData(configuration);
        Services.AddOptions<FieldKit.Web.FieldKitOptions>();
        Services.AddAccountServices();
        Services.AddScoped<CurrentCompany>();
        Services.AddScoped<CompanyDb>();
        Services.AddSingleton<CompanyAvailability>();
        Services.AddSingleton<FieldKit.Web.Features.Live.ChangeFeed>();
        Services.AddFeatureServices();
        Auth = AddAuthorization();
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    protected DataFixture Fx { get; }

    protected BunitAuthorizationContext Auth { get; }

    protected async Task SignInAsAsync(string username)
    {
        var principal = await TestSessions.PrincipalForAsync(Fx, username);
        Auth.SetAuthorized(username);
        Auth.SetClaims([.. principal.Claims.Where(c => c.Type != ClaimTypes.Name)]);
    }

    public virtual Task InitializeAsync() => Fx.ResetToDemoAsync();

    /// <summary>Signs in and puts the circuit in a company, as the route would.</summary>
    protected async Task EnterAsync(string username, string company)
    {
        await SignInAsAsync(username);
        Services.GetRequiredService<CurrentCompany>().Set(Fx.Catalogue.Get(company));
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
