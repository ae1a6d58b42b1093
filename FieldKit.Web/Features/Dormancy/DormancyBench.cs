using System.Diagnostics;
using System.Globalization;
using FieldKit.Data.Company;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Sales;
using FieldKit.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static System.FormattableString;

namespace FieldKit.Web.Features.Dormancy;

/// <summary>
/// `FieldKit.Web bench-dormancy [company] [iterations]`: the dormancy scan over the company's data (scale data:
/// `seed-scale`), each run inside a transaction that is rolled back, so the benchmark changes nothing. Per iteration
/// it times a first scan (opens every dormant customer's alert) and a second one right after (the steady state of a
/// daily run: nothing new to open). Prints the figures and the plan of the set-based SELECT.
/// </summary>
public static class DormancyBench
{
    public const int DefaultIterations = 5;
    public const double GoalMs = 2000;
    private const string Actor = "system:bench";

    public static async Task<int> RunAsync(WebApplication app, string[] args, CancellationToken ct)
    {
        var sp = app.Services;
        var catalogue = sp.GetRequiredService<CompanyCatalogue>();
        var company = args.Length > 1 ? args[1] : "kleanit_charlotte";
        var iterations = args.Length > 2 && int.TryParse(args[2], out var n) && n > 0 ? n : DefaultIterations;
        if (catalogue.Find(company) is not { } info)
        {
            Console.Error.WriteLine($"bench-dormancy: unknown company '{company}'.");
            return 1;
        }
        var factory = sp.GetRequiredService<CompanyDbContextFactory>();
        var clock = sp.GetRequiredService<TimeProvider>();
        var today = CompanyTime.Today(clock, sp.GetRequiredService<IOptions<FieldKitOptions>>().Value);

        await using (var db = factory.Create(company, Actor))
        {
            var customers = await db.Customers.CountAsync(ct);
            var jobs = await db.Jobs.CountAsync(ct);
            var settings = await DormancyScan.SettingsAsync(db, info, ct);
            Console.WriteLine(Invariant($"bench-dormancy {company}: {customers:N0} customers, {jobs:N0} jobs, threshold {settings.Weeks} weeks (active: {settings.IsActive}), today {today:yyyy-MM-dd}"));
            var cutoff = DormancyRules.Cutoff(today, settings.Weeks);
            var plan = await db.Database.SqlQuery<string>($"""
                EXPLAIN (ANALYZE, BUFFERS OFF)
                SELECT j.customer_id, max(j.scheduled_date) AS last_job_date
                  FROM jobs j WHERE j.deleted_at IS NULL AND j.status <> 'Cancelled'
                 GROUP BY j.customer_id HAVING max(j.scheduled_date) < {cutoff}
                """).ToListAsync(ct);
            Console.WriteLine("  plan of the GROUP BY over jobs:");
            foreach (var line in plan) Console.WriteLine("    " + line);
        }

        var first = new List<double>();
        var second = new List<double>();
        int opened = 0, resolved = 0;
        for (var i = 0; i < iterations; i++)
        {
            await using var db = factory.Create(company, Actor);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var watch = Stopwatch.StartNew();
            var r1 = await DormancyScan.RunAsync(db, info, today, clock.GetUtcNow(), ct);
            first.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            var r2 = await DormancyScan.RunAsync(db, info, today, clock.GetUtcNow(), ct);
            second.Add(watch.Elapsed.TotalMilliseconds);
            await tx.RollbackAsync(ct);
            (opened, resolved) = (r1.Opened, r1.Resolved);
            Console.WriteLine(Invariant($"  run {i + 1}: first scan {first[^1],7:0.0} ms (opened {r1.Opened:N0}, resolved {r1.Resolved:N0}); second scan {second[^1],7:0.0} ms (opened {r2.Opened:N0}); rolled back"));
        }
        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg", ct)).Split(' ')[0] : "?";
        Console.WriteLine(Invariant($"  first scan (opens {opened:N0}, resolves {resolved:N0}): p50 {Median(first):0} ms, max {first.Max():0} ms; steady-state rescan: p50 {Median(second):0} ms, max {second.Max():0} ms; load average {load}"));
        var pass = first.Max() < GoalMs && second.Max() < GoalMs;
        Console.WriteLine(pass ? Invariant($"  goal < {GoalMs:0} ms: PASS") : Invariant($"  goal < {GoalMs:0} ms: MISS"));
        return 0;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }
}
