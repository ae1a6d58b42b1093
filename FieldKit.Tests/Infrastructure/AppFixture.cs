using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FieldKit.Tests.Infrastructure;

/// <summary>The real app, in process, on Kestrel at a free loopback port, against the test cluster.</summary>
public sealed partial class FieldKitApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="port">0 for any free port; a fixed one to restart "the same" app (Operations tests).</param>
    /// <param name="services">Extra registrations, after the app's own (e.g. an in-memory log sink).</param>
    public FieldKitApp(IDictionary<string, string?>? overrides = null, int port = 0, Action<IServiceCollection>? services = null)
    {
        _services = services;
        _settings = TestConfiguration.ConnectionStrings();
        _settings["Serilog:MinimumLevel:Default"] = "Error";
        _settings["FieldKit:LogDirectory"] = Path.Combine(Path.GetTempPath(), "fieldkit-test-logs");
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) _settings[k] = v;
        UseKestrel(port);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the static web assets (MudBlazor, blazor.web.js) are only found through their manifest.
        builder.UseStaticWebAssets();
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_services is not null) builder.ConfigureServices(_services);
    }

    private string? _baseAddress;

    /// <summary>http://127.0.0.1:port of the running server (started on first use).</summary>
    public string BaseAddress
    {
        get
        {
            if (_baseAddress is not null) return _baseAddress;
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return _baseAddress = address.Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
        }
    }

    /// <summary>A browser-like client: cookies kept, redirects not followed (tests assert them).</summary>
    public TestBrowser Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri(BaseAddress) };

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path = "/account/login")
    {
        var html = await client.GetStringAsync(path);
        return TokenPattern().Match(html).Groups[1].Value;
    }

    /// <summary>Posts the sign-in form as a browser would, token and all.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string username, string password, string? returnUrl = null)
    {
        var token = await AntiforgeryTokenAsync(client);
        var action = returnUrl is null ? "/account/login" : $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        return await client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Username"] = username,
            ["Input.Password"] = password,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

public sealed class TestBrowser(HttpClientHandler handler) : HttpClient(handler)
{
    public CookieContainer Cookies => handler.CookieContainer;
}

/// <summary>One running app for the whole test run, started the first time a test asks for it.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    private readonly Lazy<FieldKitApp> _app = new(() => new FieldKitApp());

    public FieldKitApp App => _app.Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app.IsValueCreated) await _app.Value.DisposeAsync();
    }
}
