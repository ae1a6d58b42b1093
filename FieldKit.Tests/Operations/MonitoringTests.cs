using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using FieldKit.Data;
using FieldKit.Data.Company;
using FieldKit.Data.Seeding;
using FieldKit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Core;

namespace FieldKit.Tests.Operations;

[Collection(DatabaseCollection.Name)]
public sealed class MonitoringTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => fx.ResetToDemoAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_query_over_100_ms_is_a_warning_with_its_SQL_and_no_values_and_every_query_is_measured()
    {
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        services.AddFieldKitData(TestConfiguration.Build());
        await using var provider = services.BuildServiceProvider();

        var durations = new ConcurrentBag<(double Ms, string? Db)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "FieldKit" && instrument.Name == "fieldkit.db.query.duration") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "db.name") durations.Add((value, tag.Value as string));
        });
        listener.Start();

        await using (var db = provider.GetRequiredService<CompanyDbContextFactory>().Create("cts", "test"))
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1 WHERE 'fast-secret' <> ''");
            await db.Database.ExecuteSqlRawAsync("SELECT pg_sleep(0.15) WHERE 'slow-secret-value' <> '' AND 4242 > 1");
        }

        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith("Slow query", StringComparison.Ordinal));
        Assert.Contains("pg_sleep", warning.Message);
        Assert.Contains("fieldkit_cts", warning.Message);
        Assert.DoesNotContain("slow-secret-value", warning.Message);
        Assert.DoesNotContain("4242", warning.Message);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("fast-secret", StringComparison.Ordinal));
        Assert.Contains(durations, d => d.Db == "fieldkit_cts" && d.Ms >= 150);
        Assert.Contains(durations, d => d.Db == "fieldkit_cts" && d.Ms < 100);
    }

    [Fact]
    public async Task Request_log_events_carry_request_id_user_and_company()
    {
        var logs = new LogCapture();
        await using var logged = new FieldKitApp(
            new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" },
            services: s => s.AddSingleton<ILogEventSink>(logs));
        using var client = logged.Browser();
        await FieldKitApp.SignInAsync(client, "walter", DemoSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/kleanit_charlotte/customers")).StatusCode);

        // The request-completed event is written after the response has gone: wait for it, not for a file.
        var e = await logs.WaitForAsync(e => LogCapture.Scalar(e, "RequestPath") == "/kleanit_charlotte/customers", TimeSpan.FromSeconds(15));
        Assert.Equal("walter", LogCapture.Scalar(e, "User"));
        Assert.Equal("kleanit_charlotte", LogCapture.Scalar(e, "Company"));
        Assert.False(string.IsNullOrEmpty(LogCapture.Scalar(e, "RequestId")));
    }

    [Fact]
    public async Task Metrics_are_exposed_for_Prometheus_on_loopback_only()
    {
        using var client = app.App.Browser();
        await FieldKitApp.SignInAsync(client, "michele", DemoSeeder.DemoPassword);

        // The request counter is added after the response has gone: wait for this app's count of it, then scrape.
        var meters = app.App.Services.GetRequiredService<IMeterFactory>();
        var counted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "fieldkit.requests") l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                    if (tag.Key == "company" && tag.Value as string == "cts") counted.TrySetResult();
            });
            listener.Start();
            await client.GetAsync("/cts/customers");
            await counted.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }

        var text = await client.GetStringAsync("/metrics");
        Assert.Contains("fieldkit_requests_total", text);
        Assert.Contains("fieldkit_db_query_duration_milliseconds_bucket", text);
        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.DoesNotContain("fieldkit-local", text); // no password in pool names

        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.9");
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(proxied)).StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_count_only_from_the_trusted_proxy()
    {
        // Trusted (loopback is the configured proxy): https from X-Forwarded-Proto makes the cookie Secure.
        Assert.True(await SignInCookieIsSecureAsync(app.App));

        // Another proxy configured: the same headers from 127.0.0.1 are ignored.
        await using var untrusting = new FieldKitApp(new Dictionary<string, string?> { ["FieldKit:KnownProxies:0"] = "10.9.9.9" });
        Assert.False(await SignInCookieIsSecureAsync(untrusting));
    }

    private static async Task<bool> SignInCookieIsSecureAsync(FieldKitApp target)
    {
        using var client = target.Browser();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.7");
        var response = await FieldKitApp.SignInAsync(client, "patrick", DemoSeeder.DemoPassword);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("fieldkit.auth=", StringComparison.Ordinal));
        return cookie.Contains("secure", StringComparison.OrdinalIgnoreCase);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(this);
        public void Dispose() { }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
