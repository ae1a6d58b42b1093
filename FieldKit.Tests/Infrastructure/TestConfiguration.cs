using Microsoft.Extensions.Configuration;

namespace FieldKit.Tests.Infrastructure;

/// <summary>
/// The configuration tests run with: the app's appsettings.json (the companies) plus connection strings
/// for the throwaway cluster that `./fieldkit test` starts (exported as ConnectionStrings__*).
/// </summary>
public static class TestConfiguration
{
    public static readonly string[] Companies = ["getagrip", "kleanit_charlotte", "cts", "kleanit_sf"];

    public static string RepositoryRoot { get; } = FindRoot();

    public static int Port => int.TryParse(Environment.GetEnvironmentVariable("FIELDKIT_TEST_PG_PORT"), out var p) ? p : 55433;

    public static string ConnectionString(string database, int? port = null) =>
        $"Host=127.0.0.1;Port={port ?? Port};Database={database};Username=fieldkit;Password=fieldkit-local;Maximum Pool Size=30;Timeout=15";

    public static Dictionary<string, string?> ConnectionStrings(Func<string, string>? overrideFor = null)
    {
        var values = new Dictionary<string, string?> { ["ConnectionStrings:Core"] = ConnectionString("fieldkit_core") };
        foreach (var c in Companies)
            values[$"ConnectionStrings:{c}"] = overrideFor?.Invoke(c) ?? ConnectionString($"fieldkit_{c}");
        return values;
    }

    public static IConfiguration Build(Func<string, string>? overrideFor = null) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryRoot, "FieldKit.Web", "appsettings.json"))
            .AddInMemoryCollection(ConnectionStrings(overrideFor))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Warning" })
            .Build();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FieldKit.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("FieldKit.sln not found above the test binaries.");
    }
}
