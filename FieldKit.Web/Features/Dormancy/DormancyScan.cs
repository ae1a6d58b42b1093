using System.Diagnostics;
using FieldKit.Data.Company;
using FieldKit.Data.Core;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Sales;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Web.Features.Dormancy;

/// <param name="Weeks">The threshold the scan used.</param>
/// <param name="Active">False when the company's dormancy alerts are switched off: nothing was opened.</param>
/// <param name="Opened">Alerts opened by this scan.</param>
/// <param name="Resolved">Open alerts closed by this scan (work scheduled, customer inactive or deleted, threshold raised).</param>
public sealed record DormancyScanResult(string Company, DateOnly Today, int Weeks, bool Active, int Opened, int Resolved, TimeSpan Elapsed)
{
    public string Outcome => Active ? $"opened {Opened}, resolved {Resolved}" : $"off; resolved {Resolved}";
}

/// <summary>The company's dormancy settings as they apply (the config row, or the company's configured default).</summary>
public sealed record DormancySettings(int Weeks, bool IsActive, int? RowId, uint Version);

/// <summary>
/// The dormancy scan: set-based SQL over the whole company, never a loop per customer. One transaction of three
/// statements: resolve the open alerts that no longer hold, refresh the last job date of those that still do, and
/// open one alert per newly dormant customer (INSERT … SELECT … GROUP BY over jobs, ON CONFLICT against the
/// one-open-alert-per-customer unique index, so two instances scanning at once cannot open duplicates).
/// </summary>
public static class DormancyScan
{
    public const string ScanJob = "dormancy_scan";

    public static async Task<DormancySettings> SettingsAsync(CompanyDbContext db, CompanyInfo company, CancellationToken ct)
    {
        var row = await db.DormancyAlertConfigs.AsNoTracking().OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
        return row is null
            ? new DormancySettings(company.DormancyWeeks, true, null, 0)
            : new DormancySettings(row.Weeks, row.IsActive, row.Id, row.Version);
    }

    /// <summary>Scans one company as of <paramref name="today"/> (company date); <paramref name="now"/> stamps opened/resolved.</summary>
    public static async Task<DormancyScanResult> RunAsync(CompanyDbContext db, CompanyInfo company, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var settings = await SettingsAsync(db, company, ct);
        var weeks = settings.Weeks;
        var active = settings.IsActive;
        var cutoff = DormancyRules.Cutoff(today, weeks);
        // Switched off: open nothing, but still close alerts whose customer has work ahead (that is a fact, not a rule).
        var resolveFrom = active ? cutoff : today;
        var at = now.ToUniversalTime();
        var actor = db.Actor;

        var strategy = db.Database.CreateExecutionStrategy();
        var (opened, resolved) = await strategy.ExecuteAsync(async () =>
        {
            // One transaction; inside a caller's (the benchmark rolls its runs back) it joins that one instead.
            await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            // The GROUP BY over every job hashes one row per customer (100k on the scale data): keep it in memory.
            await db.Database.ExecuteSqlRawAsync("SET LOCAL work_mem = '64MB'", ct);
            // 1. Close what no longer holds. Open alerts are few: each check is an index probe on (customer_id, scheduled_date).
            var resolvedCount = await db.Database.ExecuteSqlAsync($"""
                UPDATE dormancy_alerts a
                   SET resolved_at = {at}, updated_by = {actor}
                 WHERE a.resolved_at IS NULL AND a.deleted_at IS NULL
                   AND (NOT EXISTS (SELECT 1 FROM customers c
                                     WHERE c.id = a.customer_id AND c.deleted_at IS NULL AND c.status = 'Active')
                        OR EXISTS (SELECT 1 FROM jobs j
                                    WHERE j.customer_id = a.customer_id AND j.deleted_at IS NULL AND j.status <> 'Cancelled'
                                      AND j.scheduled_date >= {resolveFrom})
                        OR ({active} AND NOT EXISTS (SELECT 1 FROM jobs j
                                    WHERE j.customer_id = a.customer_id AND j.deleted_at IS NULL AND j.status <> 'Cancelled')))
                """, ct);
            var openedCount = 0;
            if (active)
            {
                // 2. A job entered after the fact (still before the cutoff) moves the last job date of an open alert.
                await db.Database.ExecuteSqlAsync($"""
                    UPDATE dormancy_alerts a
                       SET last_job_date = x.last_job_date, updated_by = {actor}
                      FROM (SELECT o.id, (SELECT max(j.scheduled_date) FROM jobs j
                                           WHERE j.customer_id = o.customer_id AND j.deleted_at IS NULL AND j.status <> 'Cancelled') AS last_job_date
                              FROM dormancy_alerts o
                             WHERE o.resolved_at IS NULL AND o.deleted_at IS NULL) x
                     WHERE a.id = x.id AND a.last_job_date IS DISTINCT FROM x.last_job_date
                    """, ct);
                // 3. Open: the latest non-cancelled job (past or future) before the cutoff, active live customer, no open alert.
                openedCount = await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO dormancy_alerts (customer_id, last_job_date, threshold_weeks, opened_at, created_by, updated_by)
                    SELECT l.customer_id, l.last_job_date, {weeks}, {at}, {actor}, {actor}
                      FROM (SELECT j.customer_id, max(j.scheduled_date) AS last_job_date
                              FROM jobs j
                             WHERE j.deleted_at IS NULL AND j.status <> 'Cancelled'
                             GROUP BY j.customer_id
                            HAVING max(j.scheduled_date) < {cutoff}) l
                      JOIN customers c ON c.id = l.customer_id AND c.deleted_at IS NULL AND c.status = 'Active'
                     WHERE NOT EXISTS (SELECT 1 FROM dormancy_alerts a
                                        WHERE a.customer_id = l.customer_id AND a.resolved_at IS NULL AND a.deleted_at IS NULL)
                    ON CONFLICT (customer_id) WHERE resolved_at IS NULL AND deleted_at IS NULL DO NOTHING
                    """, ct);
            }
            if (tx is not null) await tx.CommitAsync(ct);
            return (openedCount, resolvedCount);
        });
        return new DormancyScanResult(company.Code, today, weeks, active, opened, resolved, clock.Elapsed);
    }

    /// <summary>
    /// Closes the customer's open alert at once when it now has a non-cancelled job today or later (JobService calls
    /// this after saving a job; the next scan would close it anyway). Returns how many were closed (0 or 1).
    /// </summary>
    public static Task<int> ResolveScheduledAsync(CompanyDbContext db, int customerId, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var at = now.ToUniversalTime();
        var actor = db.Actor;
        return db.Database.ExecuteSqlAsync($"""
            UPDATE dormancy_alerts a
               SET resolved_at = {at}, updated_by = {actor}
             WHERE a.customer_id = {customerId} AND a.resolved_at IS NULL AND a.deleted_at IS NULL
               AND EXISTS (SELECT 1 FROM jobs j
                            WHERE j.customer_id = a.customer_id AND j.deleted_at IS NULL AND j.status <> 'Cancelled'
                              AND j.scheduled_date >= {today})
            """, ct);
    }

    /// <summary>Records the scan in core job_runs (job dormancy_scan, scope = company, run_date = company date; a rerun updates it).</summary>
    public static async Task RecordAsync(CoreDbContext core, DormancyScanResult result, DateTimeOffset startedAt, CancellationToken ct)
    {
        var finished = startedAt.ToUniversalTime() + result.Elapsed;
        var started = startedAt.ToUniversalTime();
        await core.Database.ExecuteSqlAsync($"""
            INSERT INTO job_runs (job, scope, run_date, started_at, finished_at, outcome)
            VALUES ({ScanJob}, {result.Company}, {result.Today}, {started}, {finished}, {result.Outcome})
            ON CONFLICT (job, scope, run_date) DO UPDATE
               SET started_at = excluded.started_at, finished_at = excluded.finished_at, outcome = excluded.outcome, error = NULL
            """, ct);
    }

    public static Task<JobRun?> LastScanAsync(CoreDbContext core, string company, CancellationToken ct) =>
        core.JobRuns.AsNoTracking().Where(r => r.Job == ScanJob && r.Scope == company)
            .OrderByDescending(r => r.RunDate).ThenByDescending(r => r.FinishedAt).FirstOrDefaultAsync(ct);
}
