using FieldKit.Data.Auditing;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Companies;
using FieldKit.Web.Features.Invoices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FieldKit.Tests.Web;

[Collection(DatabaseCollection.Name)]
public sealed class InvoiceServiceTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    private const string Company = "cts";

    // 10:30 pm on Sunday March 1st in Raleigh, already March 2nd in UTC: the invoice is dated the 1st.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 3, 30, 0, TimeSpan.Zero));
    private static readonly DateOnly Today = new(2026, 3, 1);

    private int _customerId, _completedJobId, _scheduledJobId, _cheapJobId;

    public async Task InitializeAsync()
    {
        await fx.ResetAsync();
        await fx.SeedDemoUsersAsync();
        await using var db = fx.Company(Company, "seed");
        var customer = new Customer
        {
            PropertyName = "Oak Hollow Apartments", Address = "400 Oak Hollow Dr", City = "Raleigh", State = "NC", Zip = "27606",
            PaymentTermsDays = 15,
        };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        _customerId = customer.Id;
        var completed = NewJob(customer.Id, JobStatus.Completed, 1234.50m);
        completed.PoNumber = "PO-7781";
        completed.ServiceAddress = "Building 4, 400 Oak Hollow Dr";
        var scheduled = NewJob(customer.Id, JobStatus.Scheduled, 300m);
        var cheap = NewJob(customer.Id, JobStatus.Completed, 1.00m);
        db.Jobs.AddRange(completed, scheduled, cheap);
        await db.SaveChangesAsync();
        (_completedJobId, _scheduledJobId, _cheapJobId) = (completed.Id, scheduled.Id, cheap.Id);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static Job NewJob(int customerId, JobStatus status, decimal price) => new()
    {
        CustomerId = customerId, ScheduledDate = new DateOnly(2026, 2, 27), ServiceType = "Carpet cleaning", Crew = "Crew A",
        Price = price, Status = status, CompletedAt = status == JobStatus.Completed ? DateTimeOffset.UtcNow : null,
    };

    /// <summary>The service as <paramref name="user"/>'s circuit in CTS sees it (built here: it may not be registered yet).</summary>
    private async Task<(AsyncServiceScope Scope, InvoiceService Service)> AsAsync(string user)
    {
        var scope = await app.ForUserAsync(fx, user);
        scope.ServiceProvider.GetRequiredService<CurrentCompany>().Set(fx.Catalogue.Get(Company));
        return (scope, ActivatorUtilities.CreateInstance<InvoiceService>(scope.ServiceProvider, _clock));
    }

    private async Task<Invoice> LoadAsync(int invoiceId)
    {
        await using var db = fx.Company(Company);
        return await db.Invoices.AsNoTracking().IgnoreQueryFilters([AuditModel.SoftDeleteFilter]).SingleAsync(i => i.Id == invoiceId);
    }

    private async Task<Job> JobAsync(int jobId)
    {
        await using var db = fx.Company(Company);
        return await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
    }

    private static PaymentInput Pay(decimal amount, string method = "check", string? reference = null) =>
        new() { Kind = PaymentKind.Payment, Amount = amount, Date = Today, Method = method, Reference = reference };

    private static PaymentInput Credit(decimal amount, string reason = "Goodwill") =>
        new() { Kind = PaymentKind.Credit, Amount = amount, Date = Today, Method = reason };

    /// <summary>Records a line against the invoice's current version; fails the test if refused.</summary>
    private async Task AddAsync(InvoiceService invoices, int invoiceId, PaymentInput input)
    {
        var result = await invoices.AddPaymentAsync(invoiceId, input, (await LoadAsync(invoiceId)).Version);
        Assert.True(result.Succeeded, result.Message ?? string.Join("; ", result.Errors.Values));
    }

    private async Task<int> CreateAsync(InvoiceService invoices, int jobId)
    {
        var result = await invoices.CreateFromJobAsync(jobId);
        Assert.True(result.Succeeded, result.Message);
        return result.Id!.Value;
    }

    [Fact]
    public async Task Invoicing_a_completed_job_numbers_dates_and_prices_it_and_marks_the_job_invoiced_in_one_transaction()
    {
        var (scope, invoices) = await AsAsync("michele");
        await using var _ = scope;

        var id = await CreateAsync(invoices, _completedJobId);

        var invoice = await LoadAsync(id);
        var job = await JobAsync(_completedJobId);
        long lastNumber;
        await using (var db = fx.Company(Company))
            lastNumber = (await db.Database.SqlQuery<long>($"SELECT last_value AS \"Value\" FROM invoice_number_seq").ToListAsync())[0];
        Assert.Equal(lastNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), invoice.Number);
        Assert.True(lastNumber >= 500001);
        Assert.Equal(Today, invoice.InvoiceDate);                      // company time zone, not UTC
        Assert.Equal(new DateOnly(2026, 3, 16), invoice.DueDate);        // + net 15
        Assert.Equal((1234.50m, 0m, 0m, 1234.50m), (invoice.Amount, invoice.AmountPaid, invoice.Credits, invoice.Balance));
        Assert.Equal((_customerId, _completedJobId, InvoiceSource.Native), (invoice.CustomerId, invoice.JobId!.Value, invoice.Source));
        Assert.Equal(("PO-7781", "Building 4, 400 Oak Hollow Dr"), (invoice.PoNumber, invoice.ServiceAddress));
        Assert.Equal("michele", invoice.CreatedBy);
        Assert.Equal(JobStatus.Invoiced, job.Status);
        // Both rows were written by the same transaction: PostgreSQL stamps them with the same xmin.
        Assert.Equal(invoice.Version, job.Version);

        var next = await CreateAsync(invoices, _cheapJobId);
        Assert.Equal(long.Parse(invoice.Number, System.Globalization.CultureInfo.InvariantCulture) + 1,
            long.Parse((await LoadAsync(next)).Number, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_job_that_is_not_completed_is_refused_with_a_clear_message()
    {
        var (scope, invoices) = await AsAsync("michele");
        await using var _ = scope;

        var result = await invoices.CreateFromJobAsync(_scheduledJobId);

        Assert.False(result.Succeeded);
        Assert.Equal("Only a completed job can be invoiced (this one is scheduled).", result.Message);
        await using var db = fx.Company(Company);
        Assert.Equal(0, await db.Invoices.CountAsync());
        Assert.Equal(JobStatus.Scheduled, (await JobAsync(_scheduledJobId)).Status);
        Assert.Equal("Only a completed job can be invoiced (this one is scheduled).",
            (await invoices.PreviewFromJobAsync(_scheduledJobId))!.Problem);
    }

    [Fact]
    public async Task A_job_is_invoiced_once_and_the_second_attempt_points_to_its_invoice()
    {
        var (scope, invoices) = await AsAsync("michele");
        await using var _ = scope;
        var id = await CreateAsync(invoices, _completedJobId);
        var number = (await LoadAsync(id)).Number;

        var again = await invoices.CreateFromJobAsync(_completedJobId);

        Assert.Equal($"This job is already invoiced (invoice {number}).", again.Message);
        Assert.Equal(id, again.ExistingInvoiceId);
        var preview = await invoices.PreviewFromJobAsync(_completedJobId);
        Assert.Equal((id, number), (preview!.ExistingInvoiceId, preview.ExistingInvoiceNumber));
    }

    [Fact]
    public async Task Two_users_invoicing_the_same_job_at_once_get_exactly_one_invoice()
    {
        var jobIds = new List<int>();
        await using (var db = fx.Company(Company, "seed"))
        {
            var jobs = Enumerable.Range(0, 5).Select(_ => NewJob(_customerId, JobStatus.Completed, 250m)).ToList();
            db.Jobs.AddRange(jobs);
            await db.SaveChangesAsync();
            jobIds.AddRange(jobs.Select(j => j.Id));
        }
        var (scopeA, michele) = await AsAsync("michele");
        var (scopeB, mike) = await AsAsync("mike");
        await using var a = scopeA;
        await using var b = scopeB;

        foreach (var jobId in jobIds)
        {
            var results = await Task.WhenAll(michele.CreateFromJobAsync(jobId), mike.CreateFromJobAsync(jobId));

            Assert.Single(results, r => r.Succeeded);
            Assert.Single(results, r => !r.Succeeded && r.Message!.StartsWith("This job is already invoiced", StringComparison.Ordinal));
            await using var db = fx.Company(Company);
            Assert.Equal(1, await db.Invoices.CountAsync(i => i.JobId == jobId));
            Assert.Equal(JobStatus.Invoiced, (await JobAsync(jobId)).Status);
        }
    }

    [Fact]
    public async Task Balance_arithmetic_is_exact_decimal_with_payments_and_credits()
    {
        var (scope, invoices) = await AsAsync("michele");
        await using var _ = scope;
        var id = await CreateAsync(invoices, _cheapJobId);   // $1.00

        await AddAsync(invoices, id, Pay(0.10m));
        await AddAsync(invoices, id, Pay(0.20m, "cash"));

        var invoice = await LoadAsync(id);
        Assert.Equal(0.30m, invoice.AmountPaid);   // in double 0.1 + 0.2 is 0.30000000000000004
        Assert.Equal(0.70m, invoice.Balance);
        Assert.Equal(invoice.Amount - invoice.AmountPaid - invoice.Credits, invoice.Balance);

        await AddAsync(invoices, id, Credit(0.20m, "Touch-up done free"));
        invoice = await LoadAsync(id);
        Assert.Equal((0.30m, 0.20m, 0.50m), (invoice.AmountPaid, invoice.Credits, invoice.Balance));

        var details = await invoices.GetAsync(id);
        Assert.Equal([0.10m, 0.20m, 0.20m], details!.Lines.Select(l => l.Amount));
        Assert.Equal(InvoiceState.Open, details.State);
    }

    [Fact]
    public async Task Partial_payments_reduce_the_balance_until_paid_and_an_overpayment_is_refused()
    {
        var (scope, invoices) = await AsAsync("michele");
        await using var _ = scope;
        var id = await CreateAsync(invoices, _completedJobId);   // $1,234.50

        await AddAsync(invoices, id, Pay(1000.00m, "check", "10442"));
        var partly = await LoadAsync(id);
        Assert.Equal((1000.00m, 234.50m), (partly.AmountPaid, partly.Balance));

        var over = await invoices.AddPaymentAsync(id, Pay(234.51m), partly.Version);
        Assert.False(over.Succeeded);
        Assert.Equal("This would overpay the invoice by $0.01.", over.Errors[nameof(PaymentInput.Amount)]);
        var overByCredit = await invoices.AddPaymentAsync(id, Credit(1234.50m), partly.Version);
        Assert.Equal("This would overpay the invoice by $1,000.00.", overByCredit.Errors[nameof(PaymentInput.Amount)]);
        Assert.Equal(234.50m, (await LoadAsync(id)).Balance);

        await AddAsync(invoices, id, Pay(234.50m, "ach"));
        var paid = await LoadAsync(id);
        Assert.Equal((1234.50m, 0m, 0m), (paid.AmountPaid, paid.Credits, paid.Balance));
        Assert.Equal(InvoiceState.Paid, (await invoices.GetAsync(id))!.State);
    }

    [Fact]
    public async Task Payment_input_is_validated_on_the_server_and_nothing_is_saved()
    {
        var (scope, invoices) = await AsAsync("michele");
        await using var _ = scope;
        var id = await CreateAsync(invoices, _completedJobId);
        var version = (await LoadAsync(id)).Version;

        var cents = await invoices.AddPaymentAsync(id, Pay(10.005m), version);
        var zero = await invoices.AddPaymentAsync(id, Pay(0m), version);
        var future = await invoices.AddPaymentAsync(id, new PaymentInput { Amount = 5m, Date = Today.AddDays(2), Method = "check" }, version);
        var tomorrow = await invoices.AddPaymentAsync(id, new PaymentInput { Amount = 5m, Date = Today.AddDays(1), Method = "CARD" }, version);
        var method = await invoices.AddPaymentAsync(id, Pay(5m, "bitcoin"), (await LoadAsync(id)).Version);
        var noReason = await invoices.AddPaymentAsync(id, Credit(5m, "  "), (await LoadAsync(id)).Version);

        Assert.Equal("Enter dollars and cents: at most 2 decimals.", cents.Errors["Amount"]);
        Assert.Equal("Enter an amount greater than zero.", zero.Errors["Amount"]);
        Assert.Equal("The date cannot be in the future.", future.Errors["Date"]);
        Assert.True(tomorrow.Succeeded);   // a day ahead is allowed (a check dated tomorrow)
        Assert.Equal("Choose check, ACH, card, cash or other.", method.Errors["Method"]);
        Assert.Equal("Give a reason for the credit.", noReason.Errors["Method"]);
        await using var db = fx.Company(Company);
        var line = await db.InvoicePayments.SingleAsync();
        Assert.Equal(("card", 5m), (line.Method, line.Amount));
        Assert.Equal(1229.50m, (await LoadAsync(id)).Balance);
    }

    [Fact]
    public async Task A_payment_against_a_stale_version_is_refused_and_nothing_is_saved()
    {
        var (scope, invoices) = await AsAsync("michele");
        await using var _ = scope;
        var id = await CreateAsync(invoices, _completedJobId);
        var seen = (await LoadAsync(id)).Version;
        await AddAsync(invoices, id, Pay(100m));   // someone else, first

        var late = await invoices.AddPaymentAsync(id, Pay(100m), seen);

        Assert.False(late.Succeeded);
        Assert.True(late.Conflict);
        var invoice = await LoadAsync(id);
        Assert.Equal((100m, 1134.50m), (invoice.AmountPaid, invoice.Balance));
        await using var db = fx.Company(Company);
        Assert.Equal(1, await db.InvoicePayments.CountAsync());
    }

    [Fact]
    public async Task Removing_a_mistyped_payment_puts_it_back_on_the_balance()
    {
        var (scope, invoices) = await AsAsync("michele");
        await using var _ = scope;
        var id = await CreateAsync(invoices, _completedJobId);
        await AddAsync(invoices, id, Pay(1200.00m));
        await AddAsync(invoices, id, Credit(12.25m));
        int wrongId;
        await using (var db = fx.Company(Company))
            wrongId = await db.InvoicePayments.Where(p => p.Kind == PaymentKind.Payment).Select(p => p.Id).SingleAsync();

        var removed = await invoices.RemovePaymentAsync(wrongId);

        Assert.True(removed.Succeeded, removed.Message);
        var invoice = await LoadAsync(id);
        Assert.Equal((0m, 12.25m, 1222.25m), (invoice.AmountPaid, invoice.Credits, invoice.Balance));
        await using (var db = fx.Company(Company))
        {
            var line = await db.InvoicePayments.IgnoreQueryFilters([AuditModel.SoftDeleteFilter]).SingleAsync(p => p.Id == wrongId);
            Assert.Equal("michele", line.DeletedBy);   // soft delete: the row stays for the audit trail
        }
        Assert.Equal([12.25m], (await invoices.GetAsync(id))!.Lines.Select(l => l.Amount));
        Assert.Equal("This payment has already been removed.", (await invoices.RemovePaymentAsync(wrongId)).Message);
    }

    [Fact]
    public async Task Voiding_needs_a_reason_keeps_the_row_zeroes_the_balance_and_returns_the_job_to_completed()
    {
        var (scope, invoices) = await AsAsync("michele");
        await using var _ = scope;
        var id = await CreateAsync(invoices, _completedJobId);
        await AddAsync(invoices, id, Pay(200m));
        var version = (await LoadAsync(id)).Version;

        var noReason = await invoices.VoidAsync(id, "   ", version);
        Assert.Equal("Give a reason for voiding.", noReason.Errors["Reason"]);
        Assert.Null((await LoadAsync(id)).VoidedAt);

        var voided = await invoices.VoidAsync(id, "Billed the wrong building", version);

        Assert.True(voided.Succeeded, voided.Message);
        var invoice = await LoadAsync(id);
        Assert.Null(invoice.DeletedAt);
        Assert.NotNull(invoice.VoidedAt);
        Assert.Equal("Billed the wrong building", invoice.VoidReason);
        Assert.Equal((1234.50m, 200m, 0m), (invoice.Amount, invoice.AmountPaid, invoice.Balance));
        Assert.Equal(JobStatus.Completed, (await JobAsync(_completedJobId)).Status);
        Assert.Equal(InvoiceState.Void, (await invoices.GetAsync(id))!.State);
        Assert.Equal("This invoice is void; it takes no payments or credits.",
            (await invoices.AddPaymentAsync(id, Pay(10m), invoice.Version)).Message);

        // The job can be invoiced again; the void invoice stays on record beside the new one.
        var reissued = await CreateAsync(invoices, _completedJobId);
        Assert.NotEqual(id, reissued);
        Assert.Equal(JobStatus.Invoiced, (await JobAsync(_completedJobId)).Status);
        Assert.StartsWith("This invoice was already voided", (await invoices.VoidAsync(id, "again", invoice.Version)).Message);
    }

    [Fact]
    public async Task An_invoice_with_payments_cannot_be_deleted_but_one_made_by_mistake_can()
    {
        var (scope, invoices) = await AsAsync("michele");
        await using var _ = scope;
        var paidId = await CreateAsync(invoices, _completedJobId);
        await AddAsync(invoices, paidId, Pay(50m));
        var mistakeId = await CreateAsync(invoices, _cheapJobId);

        var refused = await invoices.DeleteAsync(paidId);
        var deleted = await invoices.DeleteAsync(mistakeId);

        Assert.Equal("An invoice with payments cannot be deleted; void it with a reason.", refused.Message);
        Assert.Null((await LoadAsync(paidId)).DeletedAt);
        Assert.False((await invoices.GetAsync(paidId))!.CanDelete);
        Assert.True(deleted.Succeeded, deleted.Message);
        Assert.Equal("michele", (await LoadAsync(mistakeId)).DeletedBy);
        Assert.Null(await invoices.GetAsync(mistakeId));
        Assert.Equal(JobStatus.Completed, (await JobAsync(_cheapJobId)).Status);
    }

    [Fact]
    public async Task Office_staff_record_payments_and_a_salesperson_is_refused_on_the_server()
    {
        await using (var core = fx.Core("seed"))
        {
            core.Users.Add(new User
            {
                Username = "olivia", DisplayName = "Olivia (office)", PasswordHash = "x",
                Roles = [new UserCompanyRole { CompanyCode = Company, Role = Role.Office }],
            });
            await core.SaveChangesAsync();
        }
        int id;
        var (adminScope, admin) = await AsAsync("michele");
        await using (adminScope) id = await CreateAsync(admin, _completedJobId);
        var (officeScope, office) = await AsAsync("olivia");
        var (salesScope, sales) = await AsAsync("chriso");
        await using var o = officeScope;
        await using var s = salesScope;

        await AddAsync(office, id, Pay(34.50m, "card"));
        var version = (await LoadAsync(id)).Version;

        Assert.Equal(1200.00m, (await LoadAsync(id)).Balance);
        await using (var db = fx.Company(Company)) Assert.Equal("olivia", (await db.InvoicePayments.SingleAsync()).CreatedBy);
        await Assert.ThrowsAsync<PermissionDeniedException>(() => sales.AddPaymentAsync(id, Pay(10m), version));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => sales.VoidAsync(id, "because", version));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => sales.CreateFromJobAsync(_cheapJobId));
        Assert.Equal(1, (await sales.ListAsync(new InvoiceListQuery())).Total);   // reading is allowed
        Assert.Equal(1200.00m, (await LoadAsync(id)).Balance);
    }

    [Fact]
    public async Task The_list_filters_sorts_and_pages_on_the_server_with_days_past_due()
    {
        int otherCustomerId;
        await using (var db = fx.Company(Company, "seed"))
        {
            var other = new Customer { PropertyName = "Pine Ridge", PaymentTermsDays = 30 };
            db.Customers.Add(other);
            await db.SaveChangesAsync();
            otherCustomerId = other.Id;
            db.Invoices.AddRange(
                Imported("SF-1001", _customerId, new DateOnly(2026, 1, 1), 500m, paid: 100m),          // due Jan 31: 29 days past due
                Imported("SF-1002", _customerId, new DateOnly(2026, 2, 20), 80m, paid: 80m),            // paid
                Imported("SF-1003", otherCustomerId, new DateOnly(2026, 2, 25), 1000m, paid: 0m));      // due Mar 27: open
            await db.SaveChangesAsync();
        }
        var (scope, invoices) = await AsAsync("michele");
        await using var _ = scope;
        var nativeId = await CreateAsync(invoices, _completedJobId);
        var voidId = await CreateAsync(invoices, _cheapJobId);
        Assert.True((await invoices.VoidAsync(voidId, "Duplicate", (await LoadAsync(voidId)).Version)).Succeeded);

        var all = await invoices.ListAsync(new InvoiceListQuery());
        var open = await invoices.ListAsync(new InvoiceListQuery { Status = InvoiceStatusFilter.Open, SortBy = nameof(InvoiceListRow.Balance), Descending = false });
        var pastDue = await invoices.ListAsync(new InvoiceListQuery { Status = InvoiceStatusFilter.PastDue });
        var paid = await invoices.ListAsync(new InvoiceListQuery { Status = InvoiceStatusFilter.Paid });
        var voided = await invoices.ListAsync(new InvoiceListQuery { Status = InvoiceStatusFilter.Void });
        var pine = await invoices.ListAsync(new InvoiceListQuery { Search = "pine" });
        var february = await invoices.ListAsync(new InvoiceListQuery { From = new DateOnly(2026, 2, 1), To = new DateOnly(2026, 2, 28) });
        var imported = await invoices.ListAsync(new InvoiceListQuery { Source = InvoiceSource.Imported, CustomerId = _customerId });
        var page2 = await invoices.ListAsync(new InvoiceListQuery { SortBy = nameof(InvoiceListRow.Number), Descending = false, PageSize = 2, Page = 1 });

        Assert.Equal(5, all.Total);
        Assert.Equal(2634.50m, all.TotalBalance);   // 400 + 0 + 1000 + 1234.50 + 0 (void)
        Assert.Equal(["SF-1001", "SF-1003", (await LoadAsync(nativeId)).Number], open.Items.Select(r => r.Number));
        Assert.Equal([400m, 1000m, 1234.50m], open.Items.Select(r => r.Balance));
        var overdue = Assert.Single(pastDue.Items);
        Assert.Equal(("SF-1001", 29, InvoiceState.Open), (overdue.Number, overdue.DaysPastDue, overdue.State));
        Assert.Equal(["SF-1002"], paid.Items.Select(r => r.Number));
        Assert.Equal([voidId], voided.Items.Select(r => r.Id));
        Assert.Equal(InvoiceState.Void, voided.Items[0].State);
        Assert.Equal(["SF-1003"], pine.Items.Select(r => r.Number));
        Assert.Equal("Pine Ridge", pine.Items[0].Customer);
        Assert.Equal(["SF-1003", "SF-1002"], february.Items.Select(r => r.Number));   // newest first by default
        Assert.Equal(["SF-1002", "SF-1001"], imported.Items.Select(r => r.Number));
        Assert.Equal(5, page2.Total);
        var sf1003 = pine.Items[0].Id;
        Assert.Equal("An imported invoice cannot be deleted here; void it with a reason, or undo its import.", (await invoices.DeleteAsync(sf1003)).Message);
        Assert.Equal(["SF-1001", "SF-1002"], page2.Items.Select(r => r.Number));   // 5000xx sort before SF-100x
    }

    [Fact]
    public async Task The_customer_section_lists_open_invoices_and_the_open_balance()
    {
        await using (var db = fx.Company(Company, "seed"))
        {
            db.Invoices.AddRange(
                Imported("SF-2001", _customerId, new DateOnly(2026, 1, 10), 300m, paid: 0.10m),
                Imported("SF-2002", _customerId, new DateOnly(2026, 2, 1), 45m, paid: 45m));
            await db.SaveChangesAsync();
        }
        var (scope, invoices) = await AsAsync("michele");
        await using var _ = scope;
        var id = await CreateAsync(invoices, _completedJobId);
        await AddAsync(invoices, id, Pay(0.20m));

        var section = await invoices.CustomerInvoicesAsync(_customerId);

        Assert.Equal(299.90m + 1234.30m, section.OpenBalance);
        Assert.Equal(299.90m, section.PastDueBalance);
        Assert.Equal(["SF-2001", (await LoadAsync(id)).Number], section.Open.Select(r => r.Number));
        Assert.Equal(["SF-2002"], section.Recent.Select(r => r.Number));
        Assert.Equal(3, section.TotalCount);
    }

    [Fact]
    public async Task A_payment_on_an_imported_invoice_keeps_its_imported_totals()
    {
        int id;
        await using (var db = fx.Company(Company, "seed"))
        {
            var invoice = Imported("SF-3001", _customerId, new DateOnly(2026, 2, 10), 900m, paid: 400m);
            db.Invoices.Add(invoice);
            await db.SaveChangesAsync();
            id = invoice.Id;
        }
        var (scope, invoices) = await AsAsync("michele");
        await using var _ = scope;
        Assert.Equal("An invoice with payments cannot be deleted; void it with a reason.", (await invoices.DeleteAsync(id)).Message);

        await AddAsync(invoices, id, Pay(150.55m));
        await AddAsync(invoices, id, Credit(0.45m));

        var after = await LoadAsync(id);
        Assert.Equal((550.55m, 0.45m, 349.00m), (after.AmountPaid, after.Credits, after.Balance));
        Assert.Equal("This would overpay the invoice by $1.00.",
            (await invoices.AddPaymentAsync(id, Pay(350m), after.Version)).Errors["Amount"]);
    }

    private static Invoice Imported(string number, int customerId, DateOnly date, decimal amount, decimal paid) => new()
    {
        Number = number, CustomerId = customerId, InvoiceDate = date, DueDate = date.AddDays(30), Amount = amount,
        AmountPaid = paid, Balance = amount - paid, Source = InvoiceSource.Imported,
    };
}
