using FieldKit.Data;
using FieldKit.Data.Seeding;
using FieldKit.Web.Features.Account;
using FieldKit.Web.Features.Operations;
using FieldKit.Web.Features.Users;

namespace FieldKit.Web;

/// <summary>The app's own command line: the developer script and production both call these verbs.</summary>
public static class CommandLine
{
    private static readonly string[] Verbs = ["migrate", "seed-demo", "seed-scale", "bench", "create-admin", "migrations-script"];

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
                var seeded = await sp.GetRequiredService<DemoSeeder>().SeedAsync(PasswordHasher.Hash, ct);
                Console.WriteLine(seeded ? "Demo data seeded." : "Demo data already present; nothing to do.");
                return 0;
            }
            case "seed-scale":
            {
                var company = args.Length > 2 ? args[2] : "kleanit_charlotte";
                var count = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 100_000;
                await sp.GetRequiredService<ScaleSeeder>().SeedCustomersAsync(company, count, ct);
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
                return await CustomerBench.RunAsync(app, args, ct);
            default:
                return 2;
        }
    }
}
