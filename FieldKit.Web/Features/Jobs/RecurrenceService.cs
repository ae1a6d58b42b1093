using FieldKit.Data.Company;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Jobs;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Companies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Jobs;

/// <summary>
/// Recurring work for a customer. A recurrence keeps Scheduled jobs generated 12 weeks ahead (RecurrenceSchedule);
/// editing or ending it changes only its future jobs that have not started (date ≥ today, status Scheduled):
/// started, completed and past jobs never change.
/// </summary>
public sealed class RecurrenceService(CompanyDb companyDb, TimeProvider clock, IOptions<FieldKitOptions> options)
{
    public const int MaxIntervalWeeks = 26;

    /// <summary>Every generator (users' edits, the daily worker, other app instances) takes this lock per database.</summary>
    private const long GenerationLockKey = 0x464B_5245_4355; // "FKRECU"

    public DateOnly Today() => CompanyTime.Today(clock, options.Value);

    public async Task<IReadOnlyList<RecurrenceSummary>> ForCustomerAsync(int customerId, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        var today = Today();
        var list = await db.JobRecurrences.AsNoTracking().Where(r => r.CustomerId == customerId)
            .OrderByDescending(r => r.IsActive).ThenBy(r => r.StartDate).ThenBy(r => r.Id).ToListAsync(ct);
        return list.Select(r => new RecurrenceSummary(r.Id, JobFormat.Describe(r), r.ServiceType, r.Crew, r.Price, r.StartDate, r.EndDate,
            r.IsActive && (r.EndDate is null || r.EndDate >= today), JobFormat.NextDate(r, today), r.Version)).ToList();
    }

    public async Task<RecurrenceInput?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        var r = await db.JobRecurrences.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return r is null ? null : RecurrenceInput.From(r);
    }

    /// <summary>Creates or edits a recurrence as of today (company time zone).</summary>
    public Task<JobActionResult> SaveAsync(RecurrenceInput input, CancellationToken ct = default) => SaveAsync(input, Today(), ct);

    /// <summary>
    /// Creates or edits a recurrence, then brings its jobs in line, in one transaction. On an edit, future Scheduled jobs
    /// take the new values (a field a job was individually given is kept); a changed pattern (kind, interval, day, start)
    /// replaces them; ending or pausing it removes (soft-deletes) those after the end. Changed = jobs generated.
    /// </summary>
    public async Task<JobActionResult> SaveAsync(RecurrenceInput input, DateOnly today, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.EditJobs, ct);
        JobRecurrence? existing = null;
        if (input.Id is { } id)
        {
            existing = await db.JobRecurrences.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
            if (existing is null) return JobActionResult.Failed("This recurrence has been deleted.");
            input.CustomerId = existing.CustomerId;
        }
        var errors = Normalize(input);
        if (existing is null && !await db.Customers.AnyAsync(c => c.Id == input.CustomerId, ct))
            errors[nameof(input.CustomerId)] = "That customer no longer exists.";
        await JobValidation.CheckListsAsync(db, errors, input.ServiceType, input.Crew, existing?.ServiceType, existing?.Crew, ct);
        if (errors.Count > 0) return new JobActionResult { Errors = errors };

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(db, ct);
        JobRecurrence r;
        if (existing is null)
        {
            r = new JobRecurrence { CustomerId = input.CustomerId };
            Apply(input, r);
            db.JobRecurrences.Add(r);
        }
        else
        {
            r = await db.JobRecurrences.FirstAsync(x => x.Id == existing.Id, ct);
            db.Entry(r).Property(x => x.Version).OriginalValue = input.Version;
            var old = RecurrenceInput.From(r);
            Apply(input, r);
            await UpdateFutureJobsAsync(db, old, r, today, ct);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new JobActionResult { Message = "Someone else changed this recurrence after you opened it. Nothing was saved: reopen it to see their change.", Conflict = true };
        }
        var generated = await GenerateAsync(db, r.Id, today, ct);
        await tx.CommitAsync(ct);
        return new JobActionResult { Id = r.Id, Changed = generated };
    }

    /// <summary>Ends a recurrence after <paramref name="endDate"/>: its unstarted jobs after that date are removed.</summary>
    public async Task<JobActionResult> EndAsync(int id, DateOnly endDate, uint version, CancellationToken ct = default)
    {
        var input = await GetAsync(id, ct);
        if (input is null) return JobActionResult.Failed("This recurrence has been deleted.");
        input.EndDate = endDate;
        input.Version = version;
        var result = await SaveAsync(input, ct);
        // The end date is the only field changed here: show its message, not a form's.
        return result.Errors.Count > 0 ? JobActionResult.Failed(string.Join(" ", result.Errors.Values)) : result;
    }

    /// <summary>Generates the jobs due for one recurrence or (null) all, as of <paramref name="today"/>. Returns how many were created.</summary>
    public async Task<int> GenerateAsync(int? recurrenceId, DateOnly today, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.EditJobs, ct);
        return await GenerateAsync(db, recurrenceId, today, ct);
    }

    /// <summary>
    /// The generation core, on a given context (the worker's has no user). For every active recurrence not yet generated
    /// up to the horizon (today + 12 weeks) it creates a Scheduled job on each occurrence date from today (or the day
    /// after GeneratedThrough) that has no job of that recurrence yet, then sets GeneratedThrough. Idempotent, and
    /// serialised per database by an advisory lock so two app instances never create the same job twice.
    /// </summary>
    public static async Task<int> GenerateAsync(CompanyDbContext db, int? recurrenceId, DateOnly today, CancellationToken ct)
    {
        var horizon = RecurrenceSchedule.Horizon(today);
        var ownTx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            await LockAsync(db, ct);
            // Include: a deleted customer's recurrence drops out (its required customer is filtered), so it gets no new jobs.
            var due = db.JobRecurrences.Include(r => r.Customer)
                .Where(r => r.IsActive && (r.EndDate == null || r.EndDate >= today))
                .Where(r => r.GeneratedThrough == null || (r.GeneratedThrough < horizon && (r.EndDate == null || r.GeneratedThrough < r.EndDate)));
            if (recurrenceId is { } only) due = due.Where(r => r.Id == only);
            var recurrences = await due.ToListAsync(ct);
            if (recurrences.Count == 0)
            {
                if (ownTx is not null) await ownTx.CommitAsync(ct);
                return 0;
            }

            var ids = recurrences.Select(r => r.Id).ToList();
            var existing = (await db.Jobs.AsNoTracking()
                    .Where(j => j.RecurrenceId != null && ids.Contains(j.RecurrenceId.Value) && j.ScheduledDate >= today)
                    .Select(j => new { RecurrenceId = j.RecurrenceId!.Value, j.ScheduledDate }).ToListAsync(ct))
                .Select(j => (j.RecurrenceId, j.ScheduledDate)).ToHashSet();

            var created = 0;
            foreach (var r in recurrences)
            {
                var from = r.GeneratedThrough is { } through && through >= today ? through.AddDays(1) : today;
                foreach (var date in RecurrenceSchedule.Occurrences(r, from, horizon))
                {
                    if (!existing.Add((r.Id, date))) continue;
                    db.Jobs.Add(NewJob(r, date));
                    created++;
                }
                r.GeneratedThrough = r.EndDate is { } end && end < horizon ? end : horizon;
            }
            await db.SaveChangesAsync(ct);
            if (ownTx is not null) await ownTx.CommitAsync(ct);
            return created;
        }
        finally
        {
            if (ownTx is not null) await ownTx.DisposeAsync();
        }
    }

    private static Job NewJob(JobRecurrence r, DateOnly date) => new()
    {
        CustomerId = r.CustomerId,
        ServiceAddress = r.Customer is { } c ? JobValidation.PropertyAddress(c) : null,
        ScheduledDate = date,
        WindowStart = r.WindowStart,
        WindowEnd = r.WindowEnd,
        ServiceType = r.ServiceType,
        Crew = r.Crew,
        Units = r.Units,
        PoNumber = r.PoNumber,
        Price = r.Price,
        Notes = r.Notes,
        Status = JobStatus.Scheduled,
        RecurrenceId = r.Id,
    };

    private static Task LockAsync(CompanyDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({GenerationLockKey})", ct);

    /// <summary>
    /// Brings the recurrence's future unstarted jobs in line with an edit. Only jobs dated today or later and still
    /// Scheduled are touched. A changed pattern, a pause or an end removes them (they are generated again as needed);
    /// otherwise each takes the new values, except a field that no longer holds the old recurrence value (changed on
    /// that job by hand).
    /// </summary>
    private static async Task UpdateFutureJobsAsync(CompanyDbContext db, RecurrenceInput old, JobRecurrence r, DateOnly today, CancellationToken ct)
    {
        var patternChanged = old.Kind != r.Kind || old.StartDate != r.StartDate ||
                             (r.Kind == RecurrenceKind.EveryNWeeks && old.IntervalWeeks != r.IntervalWeeks) ||
                             (r.Kind == RecurrenceKind.MonthlyOnDay && old.DayOfMonth != r.DayOfMonth);
        var future = await db.Jobs.Where(j => j.RecurrenceId == r.Id && j.ScheduledDate >= today && j.Status == JobStatus.Scheduled)
            .ToListAsync(ct);
        foreach (var job in future)
        {
            if (patternChanged || !r.IsActive || job.ScheduledDate < r.StartDate || (r.EndDate is { } end && job.ScheduledDate > end))
            {
                db.Jobs.Remove(job); // soft delete (audit interceptor)
                continue;
            }
            if (job.WindowStart == old.WindowStart) job.WindowStart = r.WindowStart;
            if (job.WindowEnd == old.WindowEnd) job.WindowEnd = r.WindowEnd;
            if (job.ServiceType == old.ServiceType) job.ServiceType = r.ServiceType;
            if (job.Crew == old.Crew) job.Crew = r.Crew;
            if (job.Units == old.Units) job.Units = r.Units;
            if (job.PoNumber == old.PoNumber) job.PoNumber = r.PoNumber;
            if (job.Price == old.Price) job.Price = r.Price;
            if (job.Notes == old.Notes) job.Notes = r.Notes;
        }
        // What was removed must be generatable again: generation restarts where the jobs now stop.
        var restartAfter = today.AddDays(-1);
        if (patternChanged || !r.IsActive)
            r.GeneratedThrough = Min(r.GeneratedThrough, restartAfter);
        if (r.EndDate is { } last)
            r.GeneratedThrough = Min(r.GeneratedThrough, last < restartAfter ? restartAfter : last);
    }

    private static DateOnly? Min(DateOnly? current, DateOnly cap) => current is { } c && c > cap ? cap : current;

    /// <summary>Validation that needs no database; trims text in place. Empty dictionary = valid so far.</summary>
    public static Dictionary<string, string> Normalize(RecurrenceInput input)
    {
        var errors = new Dictionary<string, string>();
        if (input.Kind == RecurrenceKind.EveryNWeeks && input.IntervalWeeks is < 1 or > MaxIntervalWeeks)
            errors[nameof(input.IntervalWeeks)] = $"Repeat every 1 to {MaxIntervalWeeks} weeks.";
        if (input.Kind == RecurrenceKind.MonthlyOnDay && input.DayOfMonth is < 1 or > 31)
            errors[nameof(input.DayOfMonth)] = "Choose a day of the month from 1 to 31.";
        if (!Enum.IsDefined(input.Kind)) errors[nameof(input.Kind)] = "Choose how often it repeats.";
        if (input.StartDate is null) errors[nameof(input.StartDate)] = "Choose the first date.";
        else if (input.EndDate is { } end && end < input.StartDate) errors[nameof(input.EndDate)] = "The end date cannot be before the start date.";
        input.ServiceType = input.ServiceType?.Trim() ?? "";
        input.Crew = JobValidation.Clean(input.Crew);
        input.Units = JobValidation.Clean(input.Units);
        input.PoNumber = JobValidation.Clean(input.PoNumber);
        input.Notes = JobValidation.Clean(input.Notes);
        JobValidation.CheckLength(errors, nameof(input.Units), input.Units, JobValidation.UnitsMaxLength);
        JobValidation.CheckLength(errors, nameof(input.PoNumber), input.PoNumber, JobValidation.PoNumberMaxLength);
        JobValidation.CheckLength(errors, nameof(input.Notes), input.Notes, JobValidation.NotesMaxLength);
        JobValidation.CheckWindow(errors, input.WindowStart, input.WindowEnd);
        JobValidation.CheckPrice(errors, input.Price);
        return errors;
    }

    private static void Apply(RecurrenceInput input, JobRecurrence r)
    {
        r.Kind = input.Kind;
        r.IntervalWeeks = input.Kind == RecurrenceKind.EveryNWeeks ? input.IntervalWeeks : r.IntervalWeeks;
        r.DayOfMonth = input.Kind == RecurrenceKind.MonthlyOnDay ? input.DayOfMonth : r.DayOfMonth;
        r.StartDate = input.StartDate!.Value;
        r.EndDate = input.EndDate;
        r.WindowStart = input.WindowStart;
        r.WindowEnd = input.WindowEnd;
        r.ServiceType = input.ServiceType;
        r.Crew = input.Crew;
        r.Units = input.Units;
        r.PoNumber = input.PoNumber;
        r.Price = input.Price!.Value;
        r.Notes = input.Notes;
        r.IsActive = input.IsActive;
    }
}
