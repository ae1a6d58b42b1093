using FieldKit.Data.Auditing;
using FieldKit.Data.Company;
using FieldKit.Domain.Auditing;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Jobs;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Jobs;

/// <summary>Jobs of the route's company. Every write checks EditJobs on the server and the lifecycle rules in JobRules.</summary>
public sealed class JobService(CompanyDb companyDb, TimeProvider clock, IOptions<FieldKitOptions> options)
{
    /// <summary>Upcoming and past jobs shown on the customer page (each).</summary>
    public const int CustomerJobsLimit = 20;

    /// <summary>Today in the company time zone.</summary>
    public DateOnly Today() => CompanyTime.Today(clock, options.Value);

    // ---------------------------------------------------------------- reads

    public async Task<PagedResult<JobListRow>> ListAsync(JobListQuery query, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        return await ListAsync(db, query, ct);
    }

    /// <summary>The list query itself, on a given context.</summary>
    public static async Task<PagedResult<JobListRow>> ListAsync(CompanyDbContext db, JobListQuery query, CancellationToken ct)
    {
        var jobs = Filter(db, query);
        var pageSize = Math.Clamp(query.PageSize, 1, 500);
        // Five years of jobs at 500 a day: an exact count of a wide filter costs more than the page; "10,000+" will do.
        var (total, capped) = await CappedCount.CountAsync(jobs, ListCountCap, query.Page, pageSize, ct);
        var rows = await Project(Sort(jobs, query.SortBy, query.Descending).Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize))
            .ToListAsync(ct);
        return new PagedResult<JobListRow>(rows, total, capped);
    }

    /// <summary>The jobs list counts matches up to this many, then says "10,000+".</summary>
    public const int ListCountCap = 10_000;

    private static IQueryable<Job> Filter(CompanyDbContext db, JobListQuery query)
    {
        var jobs = db.Jobs.AsNoTracking();
        if (query.From is { } from) jobs = jobs.Where(j => j.ScheduledDate >= from);
        if (query.To is { } to) jobs = jobs.Where(j => j.ScheduledDate <= to);
        if (query.Status is { } status) jobs = jobs.Where(j => j.Status == status);
        if (query.CustomerId is { } customerId) jobs = jobs.Where(j => j.CustomerId == customerId);
        if (query.Crew == JobListQuery.Unassigned) jobs = jobs.Where(j => j.Crew == null);
        else if (!string.IsNullOrWhiteSpace(query.Crew)) jobs = jobs.Where(j => j.Crew == query.Crew);
        var term = query.Search?.Trim();
        if (!string.IsNullOrEmpty(term))
        {
            var pattern = "%" + Like.Escape(term) + "%";
            jobs = int.TryParse(term.TrimStart('#'), out var number)
                ? jobs.Where(j => j.Number == number || EF.Functions.ILike(j.PoNumber!, pattern, Like.EscapeChar))
                : jobs.Where(j => EF.Functions.ILike(j.PoNumber!, pattern, Like.EscapeChar) || EF.Functions.ILike(j.Units!, pattern, Like.EscapeChar));
        }
        return jobs;
    }

    private static IQueryable<Job> Sort(IQueryable<Job> q, string sortBy, bool descending)
    {
        IOrderedQueryable<Job> sorted = sortBy switch
        {
            nameof(JobListRow.Number) => descending ? q.OrderByDescending(j => j.Number) : q.OrderBy(j => j.Number),
            nameof(JobListRow.PropertyName) => descending ? q.OrderByDescending(j => j.Customer!.PropertyName) : q.OrderBy(j => j.Customer!.PropertyName),
            nameof(JobListRow.ServiceType) => descending ? q.OrderByDescending(j => j.ServiceType) : q.OrderBy(j => j.ServiceType),
            nameof(JobListRow.Crew) => descending ? q.OrderByDescending(j => j.Crew) : q.OrderBy(j => j.Crew),
            nameof(JobListRow.Status) => descending ? q.OrderByDescending(j => j.Status) : q.OrderBy(j => j.Status),
            nameof(JobListRow.Price) => descending ? q.OrderByDescending(j => j.Price) : q.OrderBy(j => j.Price),
            nameof(JobListRow.Units) => descending ? q.OrderByDescending(j => j.Units) : q.OrderBy(j => j.Units),
            _ => descending
                ? q.OrderByDescending(j => j.ScheduledDate).ThenByDescending(j => j.WindowStart)
                : q.OrderBy(j => j.ScheduledDate).ThenBy(j => j.WindowStart),
        };
        return sorted.ThenBy(j => j.Number);
    }

    private static IQueryable<JobListRow> Project(IQueryable<Job> q) =>
        q.Select(j => new JobListRow(j.Id, j.Number, j.ScheduledDate, j.WindowStart, j.WindowEnd, j.CustomerId,
            j.Customer!.PropertyName, j.ServiceType, j.Crew, j.Units, j.Status, j.Price, j.Version));

    public async Task<JobDetails?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        var job = await db.Jobs.AsNoTracking().Include(j => j.Customer).FirstOrDefaultAsync(j => j.Id == id, ct);
        if (job?.Customer is not { } customer) return null;
        string? recurrence = null;
        if (job.RecurrenceId is { } rid && await db.JobRecurrences.AsNoTracking().FirstOrDefaultAsync(r => r.Id == rid, ct) is { } r)
            recurrence = JobFormat.Describe(r);
        var invoice = await db.Invoices.AsNoTracking().Where(i => i.JobId == id && i.VoidedAt == null)
            .OrderByDescending(i => i.Id).Select(i => new { i.Id, i.Number }).FirstOrDefaultAsync(ct);
        var next = JobRules.NextStatuses(job.Status).Where(s => s != JobStatus.Invoiced).ToList();
        return new JobDetails(job, customer.PropertyName, JobValidation.PropertyAddress(customer), recurrence, next, invoice?.Id, invoice?.Number);
    }

    /// <summary>The customer page's jobs: upcoming (today on, not cancelled, soonest first) and past (latest first), 20 each.</summary>
    public async Task<CustomerJobs> CustomerJobsAsync(int customerId, DateOnly today, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        return await CustomerJobsAsync(db, customerId, today, ct);
    }

    /// <summary>The customer page's jobs queries on a given context: the benchmark runs exactly this.</summary>
    public static async Task<CustomerJobs> CustomerJobsAsync(CompanyDbContext db, int customerId, DateOnly today, CancellationToken ct)
    {
        var mine = db.Jobs.AsNoTracking().Where(j => j.CustomerId == customerId);
        var upcoming = await Project(mine.Where(j => j.ScheduledDate >= today && j.Status != JobStatus.Cancelled)
                .OrderBy(j => j.ScheduledDate).ThenBy(j => j.WindowStart).ThenBy(j => j.Number).Take(CustomerJobsLimit))
            .ToListAsync(ct);
        var past = await Project(mine.Where(j => j.ScheduledDate < today)
                .OrderByDescending(j => j.ScheduledDate).ThenByDescending(j => j.WindowStart).ThenByDescending(j => j.Number).Take(CustomerJobsLimit))
            .ToListAsync(ct);
        return new CustomerJobs(upcoming, past);
    }

    /// <summary>Customers for a picker (autocomplete): name contains the text, active first.</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> FindCustomersAsync(string? text, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        var customers = db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
            customers = customers.Where(c => EF.Functions.ILike(c.PropertyName, "%" + Like.Escape(text.Trim()) + "%", Like.EscapeChar));
        var list = await customers.OrderBy(c => c.Status).ThenBy(c => c.PropertyName).Take(25)
            .Select(c => new { c.Id, c.PropertyName }).ToListAsync(ct);
        return list.Select(c => (c.Id, c.PropertyName)).ToList();
    }

    public async Task<string?> CustomerNameAsync(int customerId, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        return await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => c.PropertyName).FirstOrDefaultAsync(ct);
    }

    /// <summary>The job's audit history, newest first.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(int jobId, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        var rows = await db.AuditLog.AsNoTracking().Where(a => a.TableName == "jobs" && a.RowId == jobId)
            .OrderByDescending(a => a.ChangedAt).ThenByDescending(a => a.Id).Take(200).ToListAsync(ct);
        return rows.Select(a => new HistoryEntry(a.ChangedAt, a.ChangedBy, "Job", a.Operation,
            a.Operation == "insert" ? [] : AuditChanges.Parse(a.OldData, a.NewData))).ToList();
    }

    // ---------------------------------------------------------------- single job writes

    /// <summary>
    /// Creates or edits a job. Invalid fields come back by field and nothing is written; a stale Version is a conflict.
    /// An empty service address becomes the property's address. Status is changed only by <see cref="ChangeStatusAsync"/>.
    /// </summary>
    public async Task<JobActionResult> SaveAsync(JobInput input, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.EditJobs, ct);
        Job? job = null;
        if (input.Id is { } id)
        {
            job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == id, ct);
            if (job is null) return JobActionResult.Failed("This job has been deleted; it can no longer be edited.");
            if (job.Status == JobStatus.Invoiced) return JobActionResult.Failed("An invoiced job cannot be changed; change its invoice instead.");
        }

        var errors = Normalize(input);
        Customer? customer = null;
        if (input.CustomerId is { } customerId)
        {
            customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == customerId, ct);
            if (customer is null) errors[nameof(input.CustomerId)] = "That customer no longer exists.";
        }
        await JobValidation.CheckListsAsync(db, errors, input.ServiceType, input.Crew, job?.ServiceType, job?.Crew, ct);
        if (job is not null && input.ScheduledDate is { } date && date != job.ScheduledDate && JobRules.CheckMove(job.Status) is { } why)
            errors[nameof(input.ScheduledDate)] = why;
        if (errors.Count > 0) return new JobActionResult { Errors = errors };

        input.ServiceAddress ??= JobValidation.PropertyAddress(customer!);
        if (job is null)
        {
            job = new Job { Status = JobStatus.Scheduled };
            db.Jobs.Add(job);
        }
        else
        {
            db.Entry(job).Property(j => j.Version).OriginalValue = input.Version;
        }
        job.CustomerId = input.CustomerId!.Value;
        job.ServiceAddress = input.ServiceAddress;
        job.ScheduledDate = input.ScheduledDate!.Value;
        job.WindowStart = input.WindowStart;
        job.WindowEnd = input.WindowEnd;
        job.ServiceType = input.ServiceType;
        job.Crew = input.Crew;
        job.Units = input.Units;
        job.PoNumber = input.PoNumber;
        job.Price = input.Price!.Value;
        job.Notes = input.Notes;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(db, job.Id, ct);
        }
        // Work scheduled for a dormant customer closes its alert now rather than at the next 06:00 scan.
        await Dormancy.DormancyScan.ResolveScheduledAsync(db, job.CustomerId, Today(), clock.GetUtcNow(), ct);
        return JobActionResult.Ok(job.Id);
    }

    /// <summary>Server-side validation of the fields that need no database; trims text in place. Empty = valid so far.</summary>
    public static Dictionary<string, string> Normalize(JobInput input)
    {
        var errors = new Dictionary<string, string>();
        if (input.CustomerId is null) errors[nameof(input.CustomerId)] = "Choose the customer (property).";
        if (input.ScheduledDate is null) errors[nameof(input.ScheduledDate)] = "Choose the date.";
        input.ServiceAddress = JobValidation.Clean(input.ServiceAddress);
        input.ServiceType = input.ServiceType?.Trim() ?? "";
        input.Crew = JobValidation.Clean(input.Crew);
        input.Units = JobValidation.Clean(input.Units);
        input.PoNumber = JobValidation.Clean(input.PoNumber);
        input.Notes = JobValidation.Clean(input.Notes);
        JobValidation.CheckLength(errors, nameof(input.ServiceAddress), input.ServiceAddress, JobValidation.ServiceAddressMaxLength);
        JobValidation.CheckLength(errors, nameof(input.Units), input.Units, JobValidation.UnitsMaxLength);
        JobValidation.CheckLength(errors, nameof(input.PoNumber), input.PoNumber, JobValidation.PoNumberMaxLength);
        JobValidation.CheckLength(errors, nameof(input.Notes), input.Notes, JobValidation.NotesMaxLength);
        JobValidation.CheckWindow(errors, input.WindowStart, input.WindowEnd);
        JobValidation.CheckPrice(errors, input.Price);
        return errors;
    }

    private async Task<JobActionResult> ConflictAsync(CompanyDbContext db, int id, CancellationToken ct)
    {
        var current = await db.Jobs.AsNoTracking().IgnoreQueryFilters([AuditModel.SoftDeleteFilter]).FirstOrDefaultAsync(j => j.Id == id, ct);
        if (current is null || current.DeletedAt is not null)
            return new JobActionResult { Message = $"{current?.DeletedBy ?? "Someone"} deleted this job; your changes were not saved.", Conflict = true };
        return new JobActionResult
        {
            Message = $"{current.UpdatedBy} changed this job at {CompanyTimeText(current.UpdatedAt)} after you opened it. Nothing of yours was saved: reload to see their change.",
            Conflict = true,
        };
    }

    private string CompanyTimeText(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, CompanyTime.Zone(options.Value)).ToString("h:mm tt", System.Globalization.CultureInfo.GetCultureInfo("en-US"));

    /// <summary>
    /// Moves a job along its lifecycle (JobRules). Cancelling needs a reason; Completed stamps CompletedAt. Invoiced is
    /// refused here: only creating the invoice marks a job invoiced.
    /// </summary>
    public async Task<JobActionResult> ChangeStatusAsync(int id, JobStatus to, string? cancelReason, uint version, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.EditJobs, ct);
        if (to == JobStatus.Invoiced) return JobActionResult.Failed("A job is marked invoiced by creating its invoice.");
        var job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == id, ct);
        if (job is null) return JobActionResult.Failed("This job no longer exists.");
        if (job.Status == to) return JobActionResult.Ok(job.Id);
        if (JobRules.CheckTransition(job.Status, to, cancelReason) is { } why) return JobActionResult.Failed(why);
        cancelReason = JobValidation.Clean(cancelReason);
        if (cancelReason is { Length: > JobValidation.CancelReasonMaxLength })
            return JobActionResult.Failed($"Keep the reason to {JobValidation.CancelReasonMaxLength} characters.");

        db.Entry(job).Property(j => j.Version).OriginalValue = version;
        ApplyStatus(job, to, cancelReason, clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await ConflictAsync(db, id, ct);
        }
        return JobActionResult.Ok(job.Id);
    }

    private static void ApplyStatus(Job job, JobStatus to, string? cancelReason, DateTimeOffset now)
    {
        if (job.Status == to) return;
        job.CompletedAt = to == JobStatus.Completed ? now : to == JobStatus.Invoiced ? job.CompletedAt : null;
        job.CancelReason = to == JobStatus.Cancelled ? cancelReason : null;
        job.Status = to;
    }

    /// <summary>Moves a job to another day and/or crew (the board's drag and its "Move" action).</summary>
    public async Task<JobActionResult> MoveAsync(int jobId, DateOnly date, string? crew, uint version, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.EditJobs, ct);
        var job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return JobActionResult.Failed("This job no longer exists.");
        if (JobRules.CheckMove(job.Status) is { } why) return JobActionResult.Failed(why);
        if (crew is not null && !await db.Crews.AnyAsync(c => c.Name == crew && c.IsActive, ct))
            return JobActionResult.Failed($"There is no active crew named '{crew}'.");
        db.Entry(job).Property(j => j.Version).OriginalValue = version;
        job.ScheduledDate = date;
        job.Crew = crew;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return JobActionResult.Failed("Someone else changed this job first; the board now shows their change.");
        }
        return JobActionResult.Ok(job.Id);
    }

    // ---------------------------------------------------------------- bulk actions (all or nothing)

    /// <summary>Moves every selected job to <paramref name="date"/>; if any cannot move, none does.</summary>
    public Task<JobActionResult> RescheduleAsync(IReadOnlyList<int> ids, DateOnly date, CancellationToken ct = default) =>
        BulkAsync(ids, "rescheduled", job => JobRules.CheckMove(job.Status), job => job.ScheduledDate = date, ct);

    /// <summary>Gives every selected job to <paramref name="crew"/> (empty: unassigned); if any cannot change, none does.</summary>
    public async Task<JobActionResult> ReassignCrewAsync(IReadOnlyList<int> ids, string? crew, CancellationToken ct = default)
    {
        crew = JobValidation.Clean(crew);
        if (crew is not null)
        {
            await using var db = await companyDb.CreateAsync(Permission.EditJobs, ct);
            if (!await db.Crews.AnyAsync(c => c.Name == crew && c.IsActive, ct))
                return JobActionResult.Failed($"There is no active crew named '{crew}'.");
        }
        return await BulkAsync(ids, "reassigned", job => JobRules.CheckMove(job.Status), job => job.Crew = crew, ct);
    }

    /// <summary>Marks every selected job completed; if any cannot be completed, none is.</summary>
    public Task<JobActionResult> CompleteAsync(IReadOnlyList<int> ids, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return BulkAsync(ids, "completed", job => JobRules.CheckTransition(job.Status, JobStatus.Completed),
            job => ApplyStatus(job, JobStatus.Completed, null, now), ct);
    }

    /// <summary>
    /// Loads every selected job in one query, checks each one, and changes nothing unless all pass (errors keyed by job
    /// number). Then one SaveChanges: one transaction, the updates batched.
    /// </summary>
    private async Task<JobActionResult> BulkAsync(IReadOnlyList<int> ids, string verb, Func<Job, string?> check, Action<Job> apply, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0) return JobActionResult.Failed("Select at least one job.");
        await using var db = await companyDb.CreateAsync(Permission.EditJobs, ct);
        var jobs = await db.Jobs.IgnoreQueryFilters([AuditModel.SoftDeleteFilter]).Where(j => wanted.Contains(j.Id)).ToListAsync(ct);

        var errors = new Dictionary<int, string>();
        foreach (var job in jobs.OrderBy(j => j.Number))
        {
            if (job.DeletedAt is not null) errors[job.Number] = "This job has been deleted.";
            else if (check(job) is { } why) errors[job.Number] = why;
        }
        var missing = wanted.Count - jobs.Count;
        if (errors.Count > 0 || missing > 0)
        {
            var bad = errors.Count + missing;
            var message = $"Nothing was changed: {bad} of the {wanted.Count} selected {(wanted.Count == 1 ? "job" : "jobs")} cannot be {verb}."
                          + (missing > 0 ? $" {missing} no longer {(missing == 1 ? "exists" : "exist")}." : "");
            return new JobActionResult { Message = message, JobErrors = errors };
        }

        foreach (var job in jobs) apply(job);
        var changed = db.ChangeTracker.Entries<Job>().Count(e => e.State == EntityState.Modified);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new JobActionResult { Message = "Someone else changed some of these jobs at the same moment. Nothing was changed: try again.", Conflict = true };
        }
        return new JobActionResult { Changed = changed };
    }
}
