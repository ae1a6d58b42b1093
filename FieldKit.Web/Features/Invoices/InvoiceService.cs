using FieldKit.Data.Auditing;
using FieldKit.Data.Company;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Invoices;
using FieldKit.Domain.Jobs;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FieldKit.Web.Features.Invoices;

/// <summary>
/// Invoices of the route's company, with their payments and credits. Reads need ViewCustomers, every write
/// EditInvoices, checked on the server through CompanyDb. The stored totals (amount paid, credits, balance)
/// change only in the same SaveChanges as the payment line that changes them, under the invoice's xmin.
/// </summary>
public sealed class InvoiceService(CompanyDb companyDb, TimeProvider clock, IOptions<FieldKitOptions> options)
{
    private const int RecentCount = 10;

    /// <summary>Today in the company time zone: invoice dates, "days past due", the payment-date limit.</summary>
    public DateOnly Today => InvoiceRules.Today(clock, options.Value.TimeZone);

    // ---------------------------------------------------------------- reads

    public async Task<InvoiceListResult> ListAsync(InvoiceListQuery query, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        var today = Today;
        var invoices = db.Invoices.AsNoTracking();
        if (query.CustomerId is { } customerId) invoices = invoices.Where(i => i.CustomerId == customerId);
        if (query.Source is { } source) invoices = invoices.Where(i => i.Source == source);
        if (query.From is { } from) invoices = invoices.Where(i => i.InvoiceDate >= from);
        if (query.To is { } to) invoices = invoices.Where(i => i.InvoiceDate <= to);
        invoices = query.Status switch
        {
            InvoiceStatusFilter.Open => invoices.Where(i => i.VoidedAt == null && i.Balance > 0),
            InvoiceStatusFilter.PastDue => invoices.Where(i => i.VoidedAt == null && i.Balance > 0 && i.DueDate < today),
            InvoiceStatusFilter.Paid => invoices.Where(i => i.VoidedAt == null && i.Balance <= 0),
            InvoiceStatusFilter.Void => invoices.Where(i => i.VoidedAt != null),
            _ => invoices,
        };

        // Invoices of a deleted customer still count: receivables never disappear with a soft delete.
        var rows = from i in invoices
                   join c in db.Customers.IgnoreQueryFilters([AuditModel.SoftDeleteFilter]) on i.CustomerId equals c.Id
                   select new { Invoice = i, Customer = c.PropertyName };
        var term = query.Search?.Trim();
        if (!string.IsNullOrEmpty(term))
        {
            var pattern = "%" + Like.Escape(term) + "%";
            rows = rows.Where(r => EF.Functions.ILike(r.Invoice.Number, pattern, Like.EscapeChar) ||
                                   EF.Functions.ILike(r.Customer, pattern, Like.EscapeChar));
        }

        var totals = await rows.GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Amount = g.Sum(r => r.Invoice.Amount), Balance = g.Sum(r => r.Invoice.Balance) })
            .FirstOrDefaultAsync(ct);
        if (totals is null) return new InvoiceListResult([], 0, 0, 0);

        var desc = query.Descending;
        var sorted = query.SortBy switch
        {
            nameof(InvoiceListRow.Number) => desc
                ? rows.OrderByDescending(r => r.Invoice.Number.Length).ThenByDescending(r => r.Invoice.Number)
                : rows.OrderBy(r => r.Invoice.Number.Length).ThenBy(r => r.Invoice.Number),
            nameof(InvoiceListRow.Customer) => desc ? rows.OrderByDescending(r => r.Customer) : rows.OrderBy(r => r.Customer),
            nameof(InvoiceListRow.DueDate) => desc ? rows.OrderByDescending(r => r.Invoice.DueDate) : rows.OrderBy(r => r.Invoice.DueDate),
            // Most days past due = earliest due date among open invoices.
            nameof(InvoiceListRow.DaysPastDue) => desc
                ? rows.OrderByDescending(r => r.Invoice.VoidedAt == null && r.Invoice.Balance > 0).ThenBy(r => r.Invoice.DueDate)
                : rows.OrderBy(r => r.Invoice.VoidedAt == null && r.Invoice.Balance > 0).ThenByDescending(r => r.Invoice.DueDate),
            nameof(InvoiceListRow.Amount) => desc ? rows.OrderByDescending(r => r.Invoice.Amount) : rows.OrderBy(r => r.Invoice.Amount),
            nameof(InvoiceListRow.AmountPaid) => desc ? rows.OrderByDescending(r => r.Invoice.AmountPaid) : rows.OrderBy(r => r.Invoice.AmountPaid),
            nameof(InvoiceListRow.Credits) => desc ? rows.OrderByDescending(r => r.Invoice.Credits) : rows.OrderBy(r => r.Invoice.Credits),
            nameof(InvoiceListRow.Balance) => desc ? rows.OrderByDescending(r => r.Invoice.Balance) : rows.OrderBy(r => r.Invoice.Balance),
            _ => desc ? rows.OrderByDescending(r => r.Invoice.InvoiceDate) : rows.OrderBy(r => r.Invoice.InvoiceDate),
        };
        var page = await sorted.ThenByDescending(r => r.Invoice.Id)
            .Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize)
            .Select(r => new
            {
                r.Invoice.Id, r.Invoice.Number, r.Invoice.CustomerId, r.Customer, r.Invoice.InvoiceDate, r.Invoice.DueDate,
                r.Invoice.Amount, r.Invoice.AmountPaid, r.Invoice.Credits, r.Invoice.Balance, r.Invoice.VoidedAt, r.Invoice.Source,
            })
            .ToListAsync(ct);
        var items = page.Select(r =>
        {
            var state = InvoiceRules.State(r.Balance, r.VoidedAt);
            return new InvoiceListRow(r.Id, r.Number, r.CustomerId, r.Customer, r.InvoiceDate, r.DueDate, r.Amount, r.AmountPaid,
                r.Credits, r.Balance, InvoiceRules.DaysPastDue(r.DueDate, state, today), state, r.Source);
        }).ToList();
        return new InvoiceListResult(items, totals.Count, totals.Amount, totals.Balance);
    }

    public async Task<InvoiceDetails?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        var invoice = await db.Invoices.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (invoice is null) return null;
        var lines = await db.InvoicePayments.AsNoTracking().Where(p => p.InvoiceId == id)
            .OrderBy(p => p.Date).ThenBy(p => p.Id).ToListAsync(ct);
        invoice.Payments = lines;
        var customer = await db.Customers.AsNoTracking().IgnoreQueryFilters([AuditModel.SoftDeleteFilter])
            .Where(c => c.Id == invoice.CustomerId).Select(c => new { c.PropertyName, c.PaymentTermsDays }).FirstAsync(ct);
        var job = invoice.JobId is { } jobId
            ? await db.Jobs.AsNoTracking().IgnoreQueryFilters([AuditModel.SoftDeleteFilter])
                .Where(j => j.Id == jobId).Select(j => new { j.Number, j.Status }).FirstOrDefaultAsync(ct)
            : null;
        var state = InvoiceRules.State(invoice);
        return new InvoiceDetails(invoice, customer.PropertyName, customer.PaymentTermsDays, job?.Number, job?.Status, lines,
            state, InvoiceRules.DaysPastDue(invoice.DueDate, state, Today));
    }

    /// <summary>The customer page's section: all open invoices (oldest due first), the latest others, the open balance.</summary>
    public async Task<CustomerInvoices> CustomerInvoicesAsync(int customerId, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        var today = Today;
        var mine = db.Invoices.AsNoTracking().Where(i => i.CustomerId == customerId);
        var open = await mine.Where(i => i.VoidedAt == null && i.Balance > 0)
            .OrderBy(i => i.DueDate).ThenBy(i => i.InvoiceDate).ThenBy(i => i.Id).ToListAsync(ct);
        var recent = await mine.Where(i => i.VoidedAt != null || i.Balance <= 0)
            .OrderByDescending(i => i.InvoiceDate).ThenByDescending(i => i.Id).Take(RecentCount).ToListAsync(ct);
        var total = await mine.CountAsync(ct);
        var name = await db.Customers.AsNoTracking().IgnoreQueryFilters([AuditModel.SoftDeleteFilter])
            .Where(c => c.Id == customerId).Select(c => c.PropertyName).FirstOrDefaultAsync(ct) ?? "";
        var openRows = open.Select(i => Row(i, name, today)).ToList();
        return new CustomerInvoices(openRows.Sum(r => r.Balance), openRows.Where(r => r.DaysPastDue > 0).Sum(r => r.Balance), total,
            openRows, recent.Select(i => Row(i, name, today)).ToList());
    }

    /// <summary>A property's name, even when it has been deleted (its invoices still show); null when there is no such customer.</summary>
    public async Task<string?> CustomerNameAsync(int customerId, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        return await db.Customers.AsNoTracking().IgnoreQueryFilters([AuditModel.SoftDeleteFilter])
            .Where(c => c.Id == customerId).Select(c => c.PropertyName).FirstOrDefaultAsync(ct);
    }

    private static InvoiceListRow Row(Invoice i, string customer, DateOnly today)
    {
        var state = InvoiceRules.State(i);
        return new InvoiceListRow(i.Id, i.Number, i.CustomerId, customer, i.InvoiceDate, i.DueDate, i.Amount, i.AmountPaid,
            i.Credits, i.Balance, InvoiceRules.DaysPastDue(i.DueDate, state, today), state, i.Source);
    }

    /// <summary>What invoicing this job would create (for the confirm page), or why it cannot be invoiced.</summary>
    public async Task<InvoicePreview?> PreviewFromJobAsync(int jobId, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.ViewCustomers, ct);
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return null;
        var customer = await db.Customers.AsNoTracking().IgnoreQueryFilters([AuditModel.SoftDeleteFilter])
            .FirstAsync(c => c.Id == job.CustomerId, ct);
        var existing = await LiveInvoiceOfAsync(db, jobId, ct);
        var date = Today;
        return new InvoicePreview(job.Id, job.Number, job.Status, customer.Id, customer.PropertyName, job.ServiceType, job.ScheduledDate,
            job.PoNumber, job.ServiceAddress ?? FullAddress(customer), job.Price, date, InvoiceMath.DueDate(date, customer.PaymentTermsDays),
            customer.PaymentTermsDays, CheckInvoiceable(job, customer, existing?.Number), existing?.Id, existing?.Number);
    }

    // ---------------------------------------------------------------- writes

    /// <summary>
    /// Creates the invoice of a completed job and marks the job invoiced, in one transaction. The job row is
    /// locked (SELECT … FOR UPDATE) first, so two people invoicing the same job at once get one invoice: the
    /// second waits, then finds the job invoiced.
    /// </summary>
    public async Task<InvoiceResult> CreateFromJobAsync(int jobId, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.EditInvoices, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var job = (await db.Jobs.FromSql($"SELECT *, xmin FROM jobs WHERE id = {jobId} FOR UPDATE")
            .IgnoreQueryFilters([AuditModel.SoftDeleteFilter]).ToListAsync(ct)).SingleOrDefault();
        if (job is null || job.DeletedAt is not null) return InvoiceResult.Failed("This job no longer exists.");
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == job.CustomerId, ct);
        var existing = await LiveInvoiceOfAsync(db, jobId, ct);
        if (CheckInvoiceable(job, customer, existing?.Number) is { } problem)
            return new InvoiceResult { Message = problem, ExistingInvoiceId = existing?.Id };

        var date = Today;
        var invoice = new Invoice
        {
            Number = await NextNumberAsync(db, ct),
            CustomerId = job.CustomerId,
            JobId = job.Id,
            InvoiceDate = date,
            DueDate = InvoiceMath.DueDate(date, customer!.PaymentTermsDays),
            Amount = job.Price,
            Balance = job.Price,
            PoNumber = job.PoNumber,
            ServiceAddress = job.ServiceAddress ?? FullAddress(customer),
            Source = InvoiceSource.Native,
        };
        db.Invoices.Add(invoice);
        job.Status = JobStatus.Invoiced;
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return InvoiceResult.Stale("Someone else changed this job while you were invoicing it; nothing was created. Try again.");
        }
        return InvoiceResult.Ok(invoice.Id);
    }

    /// <summary>Null when the job can be invoiced now, else why not (shown to the user as is).</summary>
    private static string? CheckInvoiceable(Job job, Customer? customer, string? existingNumber)
    {
        if (existingNumber is not null) return $"This job is already invoiced (invoice {existingNumber}).";
        if (job.Status != JobStatus.Completed || JobRules.CheckTransition(job.Status, JobStatus.Invoiced) is not null)
            return $"Only a completed job can be invoiced (this one is {JobRules.Describe(job.Status)}).";
        if (customer is null || customer.DeletedAt is not null) return "This job's customer has been deleted; restore the customer first.";
        if (job.Price <= 0) return "This job has no price; set its price before invoicing.";
        return null;
    }

    private static async Task<(int Id, string Number)?> LiveInvoiceOfAsync(CompanyDbContext db, int jobId, CancellationToken ct)
    {
        var existing = await db.Invoices.AsNoTracking().Where(i => i.JobId == jobId && i.VoidedAt == null)
            .OrderBy(i => i.Id).Select(i => new { i.Id, i.Number }).FirstOrDefaultAsync(ct);
        return existing is null ? null : (existing.Id, existing.Number);
    }

    /// <summary>The next per-company number from invoice_number_seq, skipping any an imported invoice already uses.</summary>
    private static async Task<string> NextNumberAsync(CompanyDbContext db, CancellationToken ct)
    {
        while (true)
        {
            var next = (await db.Database.SqlQuery<long>($"SELECT nextval('invoice_number_seq') AS \"Value\"").ToListAsync(ct))[0];
            var number = next.ToString(InvoiceRules.UsCulture);
            if (!await db.Invoices.AnyAsync(i => i.Number == number, ct)) return number;
        }
    }

    private static string? FullAddress(Customer c)
    {
        var cityLine = string.Join(" ", new[] { c.City is null ? null : c.City + (c.State is null ? "" : ","), c.State, c.Zip }.Where(s => !string.IsNullOrEmpty(s)));
        var parts = new[] { c.Address, cityLine }.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    /// <summary>
    /// Records a payment or credit. Refused on a void invoice, when it would take the balance below zero, or when
    /// the invoice changed since <paramref name="invoiceVersion"/> was read. The totals change in the same save.
    /// </summary>
    public async Task<InvoiceResult> AddPaymentAsync(int invoiceId, PaymentInput input, uint invoiceVersion, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.EditInvoices, ct);
        var errors = InvoiceRules.ValidatePayment(input, Today);
        if (errors.Count > 0) return new InvoiceResult { Errors = errors };
        var invoice = await db.Invoices.FirstOrDefaultAsync(i => i.Id == invoiceId, ct);
        if (invoice is null) return InvoiceResult.Failed("This invoice has been deleted.");
        if (invoice.VoidedAt is not null) return InvoiceResult.Failed("This invoice is void; it takes no payments or credits.");
        if (invoice.Version != invoiceVersion) return StaleInvoice();

        var lines = await db.InvoicePayments.Where(p => p.InvoiceId == invoiceId).ToListAsync(ct);
        var line = new InvoicePayment
        {
            InvoiceId = invoiceId, Kind = input.Kind, Date = input.Date!.Value, Amount = input.Amount,
            Method = input.Method, Reference = input.Reference, Note = input.Note,
        };
        var totals = InvoiceRules.TotalsAfter(invoice, [.. lines, line], input.Kind, input.Amount);
        if (totals.Balance < 0)
            return new InvoiceResult { Errors = { [nameof(PaymentInput.Amount)] = InvoiceRules.OverpayMessage(totals.Balance) } };

        db.InvoicePayments.Add(line);
        InvoiceRules.Apply(invoice, totals);
        db.Entry(invoice).Property(i => i.Version).OriginalValue = invoiceVersion;
        return await SaveAsync(db, () => line.Id, ct);
    }

    /// <summary>Removes a mistyped payment or credit (soft delete) and puts its money back on the balance.</summary>
    public async Task<InvoiceResult> RemovePaymentAsync(int paymentId, uint? invoiceVersion = null, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.EditInvoices, ct);
        var line = await db.InvoicePayments.FirstOrDefaultAsync(p => p.Id == paymentId, ct);
        if (line is null) return InvoiceResult.Failed("This payment has already been removed.");
        var invoice = await db.Invoices.FirstOrDefaultAsync(i => i.Id == line.InvoiceId, ct);
        if (invoice is null) return InvoiceResult.Failed("This invoice has been deleted.");
        if (invoice.VoidedAt is not null) return InvoiceResult.Failed("This invoice is void; its payments and credits can no longer change.");
        if (invoiceVersion is { } v && invoice.Version != v) return StaleInvoice();

        var others = await db.InvoicePayments.Where(p => p.InvoiceId == invoice.Id && p.Id != paymentId).ToListAsync(ct);
        var totals = InvoiceRules.TotalsAfter(invoice, others, line.Kind, -line.Amount);
        db.InvoicePayments.Remove(line);
        InvoiceRules.Apply(invoice, totals);
        return await SaveAsync(db, () => invoice.Id, ct);
    }

    /// <summary>
    /// Voids an invoice with a reason: the row and its payments stay, the balance becomes 0, and a job it
    /// invoiced goes back to completed (so it can be invoiced again).
    /// </summary>
    public async Task<InvoiceResult> VoidAsync(int invoiceId, string? reason, uint version, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.EditInvoices, ct);
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason)) return new InvoiceResult { Errors = { ["Reason"] = "Give a reason for voiding." } };
        if (reason.Length > InvoiceRules.MaxVoidReasonLength)
            return new InvoiceResult { Errors = { ["Reason"] = $"Use at most {InvoiceRules.MaxVoidReasonLength} characters." } };
        var invoice = await db.Invoices.FirstOrDefaultAsync(i => i.Id == invoiceId, ct);
        if (invoice is null) return InvoiceResult.Failed("This invoice has been deleted.");
        if (invoice.VoidedAt is not null) return InvoiceResult.Failed($"This invoice was already voided by {invoice.UpdatedBy}.");
        if (invoice.Version != version) return StaleInvoice();

        await ReleaseJobAsync(db, invoice, ct);
        invoice.VoidedAt = clock.GetUtcNow();
        invoice.VoidReason = reason;
        invoice.Balance = 0;
        db.Entry(invoice).Property(i => i.Version).OriginalValue = version;
        return await SaveAsync(db, () => invoiceId, ct);
    }

    /// <summary>
    /// Deletes (soft) an invoice made by mistake: only without payments or credits, and never an imported one.
    /// Its job goes back to completed.
    /// </summary>
    public async Task<InvoiceResult> DeleteAsync(int invoiceId, uint? version = null, CancellationToken ct = default)
    {
        await using var db = await companyDb.CreateAsync(Permission.EditInvoices, ct);
        var invoice = await db.Invoices.FirstOrDefaultAsync(i => i.Id == invoiceId, ct);
        if (invoice is null) return InvoiceResult.Failed("This invoice has already been deleted.");
        if (version is { } v && invoice.Version != v) return StaleInvoice();
        if (invoice.AmountPaid != 0 || invoice.Credits != 0 || await db.InvoicePayments.AnyAsync(p => p.InvoiceId == invoiceId, ct))
            return InvoiceResult.Failed("An invoice with payments cannot be deleted; void it with a reason.");
        if (invoice.Source == InvoiceSource.Imported)
            return InvoiceResult.Failed("An imported invoice cannot be deleted here; void it with a reason, or undo its import.");

        await ReleaseJobAsync(db, invoice, ct);
        db.Invoices.Remove(invoice);
        return await SaveAsync(db, () => invoiceId, ct);
    }

    /// <summary>
    /// The live invoice of a job is going away (void or delete): the job is completed work again. JobRules has no
    /// invoiced → completed step (users cannot take it); this is the one place that does, on purpose.
    /// </summary>
    private static async Task ReleaseJobAsync(CompanyDbContext db, Invoice invoice, CancellationToken ct)
    {
        // A void invoice already gave its job back (which may since have been invoiced again).
        if (invoice.JobId is not { } jobId || invoice.VoidedAt is not null) return;
        var job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is { Status: JobStatus.Invoiced }) job.Status = JobStatus.Completed;
    }

    private static InvoiceResult StaleInvoice() =>
        InvoiceResult.Stale("Someone else changed this invoice first; it now shows their change. Nothing of yours was saved.");

    private static async Task<InvoiceResult> SaveAsync(CompanyDbContext db, Func<int> id, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return StaleInvoice();
        }
        return InvoiceResult.Ok(id());
    }
}
