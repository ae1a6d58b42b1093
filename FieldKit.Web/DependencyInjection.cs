using FieldKit.Data;
using FieldKit.Data.Core;
using FieldKit.Web.Components;
using FieldKit.Web.Features.Account;
using FieldKit.Web.Features.Approvals;
using FieldKit.Web.Features.Board;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Customers;
using FieldKit.Web.Features.Dormancy;
using FieldKit.Web.Features.Imports;
using FieldKit.Web.Features.Invoices;
using FieldKit.Web.Features.Jobs;
using FieldKit.Web.Features.Live;
using FieldKit.Web.Features.Mail;
using FieldKit.Web.Features.ManagementCompanies;
using FieldKit.Web.Features.Sales;
using FieldKit.Web.Features.Search;
using FieldKit.Web.Features.Settings;
using FieldKit.Web.Features.Statements;
using FieldKit.Web.Features.Operations;
using FieldKit.Web.Features.Users;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using MudBlazor.Services;
using Serilog;
using Serilog.Formatting.Compact;

namespace FieldKit.Web;

public static class DependencyInjection
{
    public static WebApplicationBuilder AddFieldKit(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        // Command-line verbs print their own report; their log is kept to warnings, as plain text.
        var isCommand = CommandLine.IsCommand(Environment.GetCommandLineArgs().Skip(1).ToArray());
        // ReadFrom.Services: a sink registered as ILogEventSink also receives events (the tests' in-memory capture).
        services.AddSerilog((sp, lc) => lc
            .ReadFrom.Configuration(config)
            .ReadFrom.Services(sp)
            .Enrich.FromLogContext()
            .WriteTo.Conditional(_ => !isCommand, sink => sink.Console(new CompactJsonFormatter()))
            .WriteTo.Conditional(_ => isCommand, sink => sink.Console(
                restrictedToMinimumLevel: Serilog.Events.LogEventLevel.Warning, outputTemplate: "{Level:u3} {Message:lj}{NewLine}{Exception}"))
            .WriteTo.File(new CompactJsonFormatter(),
                Path.Combine(config["FieldKit:LogDirectory"] ?? "logs", "fieldkit-.json"),
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 30));

        services.AddFieldKitData(config);
        // A failing background job is logged and retried by its own loop; it never stops the app.
        services.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        services.Configure<FieldKitOptions>(config.GetSection("FieldKit"));

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddHttpContextAccessor();

        // Keys in fieldkit_core: a restart or a second instance keeps every cookie valid.
        services.AddDataProtection().SetApplicationName("FieldKit").PersistKeysToDbContext<CoreDbContext>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/status/403";
            options.Cookie.Name = "fieldkit.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing")
                ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            // Absolute expiry: no sliding; the session row carries the same limit.
            options.ExpireTimeSpan = TimeSpan.FromHours(config.GetValue("FieldKit:SessionHours", 24));
            options.SlidingExpiration = false;
            options.EventsType = typeof(SessionCookieEvents);
        });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthStateProvider>();

        services.AddAccountServices();
        services.AddCompanyServices();
        services.AddLiveUpdates();
        services.AddFeatureServices();
        services.AddHostedService<RecurrenceWorker>();
        services.AddDormancy(config);
        services.AddMail(config);
        services.AddApprovalDigest();
        services.AddFieldKitHealthChecks(config);
        builder.AddFieldKitOperations();
        return builder;
    }

    /// <summary>The features' scoped services (one list, shared with the component tests' setup).</summary>
    public static IServiceCollection AddFeatureServices(this IServiceCollection services)
    {
        services.AddScoped<CustomerService>();
        services.AddSingleton<CustomerCountCache>();
        services.AddScoped<GlobalSearchService>();
        services.AddScoped<UserAdminService>();
        services.AddScoped<ManagementCompanyService>();
        services.AddScoped<JobService>();
        services.AddScoped<BoardService>();
        services.AddScoped<RecurrenceService>();
        services.AddScoped<JobListsService>();
        services.AddScoped<InvoiceService>();
        services.AddScoped<ApprovalService>();
        services.AddScoped<SalesService>();
        services.AddScoped<SalesHomeService>();
        services.AddScoped<VisitTagService>();
        services.AddScoped<DormancyService>();
        services.AddScoped<ImportService>();
        services.AddScoped<StatementService>();
        services.AddScoped<StatementRunService>();
        return services;
    }

    public static WebApplication UseFieldKit(this WebApplication app)
    {
        app.UseFieldKitProxyAndMetrics();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/status/500", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseSerilogRequestLogging(options => options.EnrichDiagnosticContext = (diag, http) =>
        {
            diag.Set("User", http.User.Identity?.Name ?? "-");
            diag.Set("Company", CompanyRouteMiddleware.CompanyOf(http) ?? "-");
        });
        app.UseMiddleware<NoStoreMiddleware>();
        app.UseAuthentication();
        app.UseMiddleware<LogContextMiddleware>();
        app.UseMiddleware<MustChangePasswordMiddleware>();
        app.UseMiddleware<CompanyRouteMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapFieldKitHealthChecks();
        app.MapAccountEndpoints();
        app.MapStatementEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ConfigureWebSocketAcceptContext = (_, accept) =>
        {
            // Compressed as by default, but each message on its own, so no tab keeps a compressor (decision 017).
            accept.DangerousEnableCompression = true;
            accept.DisableServerContextTakeover = true;
            return Task.CompletedTask;
        });
        return app;
    }
}

public sealed class FieldKitOptions
{
    public string TimeZone { get; set; } = "America/New_York";
    public int SessionHours { get; set; } = 24;
    public string LogDirectory { get; set; } = "logs";
    /// <summary>Local time of day (in <see cref="TimeZone"/>) of the daily approval digest, "HH:mm".</summary>
    public string DigestTime { get; set; } = "12:00";
    /// <summary>Off in the Testing environment, so the in-process test app never mails on its own.</summary>
    public bool DigestEnabled { get; set; } = true;
    /// <summary>Where users open FieldKit (links in mail), e.g. https://fieldkit.example.com.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";
}
