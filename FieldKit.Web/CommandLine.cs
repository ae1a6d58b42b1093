using System.Diagnostics;
using FieldKit.Data;
using FieldKit.Data.Seeding;
using FieldKit.Web.Features.Account;
using FieldKit.Web.Features.Operations;
using FieldKit.Web.Features.Users;
using Microsoft.Extensions.Options;
using static System.FormattableString;

namespace FieldKit.Web;

/// <summary>The app's own command line: the developer script and production both call these verbs.</summary>
public static class CommandLine
{
    private static readonly string[] Verbs = ["migrate", "seed-demo", "seed-scale", "bench", "create-admin", "migrations-script", "bench-dormancy", "bench-statements"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var sp = app.Services;
        var ct = app.Lifetime.ApplicationStopping;
        switch (args[0])
        {
            case "migrate":
            {
                var results = await sp.GetRequiredService<DatabaseMigrator>().MigrateAllAsync(ct);
                foreach (var r in results)
                    Console.WriteLine(r.Succeeded
                        ? $"  {r.Database,-20} ok ({r.Applied} applied)"
                        : $"  {r.Database,-20} FAILED: {r.Error}");
                return results.All(r => r.Succeeded) ? 0 : 1;
            }
            case "seed-demo":
            {
                if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing"))
                {
                    Console.Error.WriteLine("Demo data is never written outside Development.");
                    return 1;
                }
                var clock = Stopwatch.StartNew();
                var seeded = await sp.GetRequiredService<DemoSeeder>().SeedAsync(PasswordHasher.Hash, ct);
                Console.WriteLine(seeded
                    ? Invariant($"Demo data seeded ({clock.Elapsed.TotalSeconds:0.0} s).")
                    : "Demo users and customers already present.");
                // Two years of jobs and invoices, and four weeks booked ahead: once per company (one with jobs is skipped).
                clock.Restart();
                var history = ActivatorUtilities.GetServiceOrCreateInstance<DemoHistorySeeder>(sp);
                history.TimeZone = TimeZoneInfo.FindSystemTimeZoneById(sp.GetRequiredService<IOptions<FieldKitOptions>>().Value.TimeZone);
                foreach (var r in await history.SeedAsync(ct))
                    Console.WriteLine(r.Seeded
                        ? Invariant($"  {r.Company,-20} {r.Jobs,7:N0} jobs  {r.Invoices,7:N0} invoices  {r.Payments,7:N0} payments  open ${r.OpenBalance,13:N2}  {r.Elapsed.TotalSeconds,5:0.0} s")
                        : $"  {r.Company,-20} history not seeded: {r.SkippedBecause}");
                Console.WriteLine(Invariant($"Demo history done in {clock.Elapsed.TotalSeconds:0.0} s."));
                return 0;
            }
            case "seed-scale":
            {
                // seed-scale [N] [company]: N customers (0: none), then five years of jobs at 500 a day.
                var company = args.Length > 2 ? args[2] : "kleanit_charlotte";
                var count = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 100_000;
                var scale = sp.GetRequiredService<ScaleSeeder>();
                scale.TimeZone = TimeZoneInfo.FindSystemTimeZoneById(sp.GetRequiredService<IOptions<FieldKitOptions>>().Value.TimeZone);
                var clock = Stopwatch.StartNew();
                if (count > 0)
                {
                    await scale.SeedCustomersAsync(company, count, ct);
                    Console.WriteLine(Invariant($"  {company}: {count:N0} customers in {clock.Elapsed.TotalSeconds:0.0} s"));
                }
                clock.Restart();
                var jobs = await scale.SeedJobsAsync(company, ct: ct);
                Console.WriteLine(Invariant($"  {company}: {jobs:N0} jobs in {clock.Elapsed.TotalSeconds:0.0} s"));
                return 0;
            }
            case "migrations-script":
            {
                var dir = args.Length > 1 ? args[1] : "migrations";
                foreach (var (file, sql) in MigrationScripts.Generate(sp))
                {
                    var path = Path.Combine(dir, file);
                    await File.WriteAllTextAsync(path, sql, ct);
                    Console.WriteLine($"  wrote {path}");
                }
                return 0;
            }
            case "create-admin":
            {
                await using var scope = sp.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<UserAdminService>()
                    .CreateFirstAdminFromConsoleAsync(args.Skip(1).ToArray(), ct);
            }
            case "bench":
                // bench [company] [iterations]: customer list, search and page queries beside raw Npgsql, then a full list render.
                return await ScaleBench.RunAsync(app, args, ct);
            case "bench-dormancy":
                // bench-dormancy [company] [iterations]: the set-based dormancy scan, each run rolled back.
                return await Features.Dormancy.DormancyBench.RunAsync(app, args, ct);
            case "bench-statements":
                // bench-statements [company] [rows]: one statement, 100 statements, and an import of `rows` invoices (preview, commit, undo).
                return await FieldKit.Web.Features.Statements.StatementBench.RunAsync(app, args, ct);
            default:
                return 2;
        }
    }
}
