using System.Diagnostics;
using System.Globalization;
using FieldKit.Data.Company;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Invoices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace FieldKit.Data.Seeding;

/// <summary>What the history seeder did for one company.</summary>
/// <param name="SkippedBecause">Null when history was written; else why not (it already has jobs…).</param>
/// <param name="DormantCustomerIds">The customers kept without work since before the dormancy threshold.</param>
public sealed record HistorySeedResult(
    string Company,
    string? SkippedBecause,
    DateOnly Today,
    int Jobs,
    int Invoices,
    int Payments,
    decimal OpenBalance,
    IReadOnlyList<int> DormantCustomerIds,
    TimeSpan Elapsed)
{
    public bool Seeded => SkippedBecause is null;
}

/// <summary>
/// The demo's working history for local runs: two years of jobs and the next four weeks scheduled for every
/// company, at each company's volume, with an invoice for every job done and payments, partial payments and
/// credits, so balances, ageing and the board look like a real business. A few customers per company get no
/// work since before their company's dormancy threshold, so the dormant list has something to show.
/// Written through binary COPY in one transaction per company (EF would take minutes for Kleanit
/// Charlotte's ~100,000 jobs), with audit and notify triggers silent. Deterministic per company and day:
/// "today" comes from the TimeProvider, in the companies' time zone.
/// Not part of <see cref="DemoSeeder.SeedAsync"/>: tests start from the small demo set; only the seed-demo
/// verb adds this. A company that already has jobs is left alone, so running it again adds nothing.
/// </summary>
public sealed class DemoHistorySeeder(
    CompanyDbContextFactory companyFactory,
    CompanyCatalogue catalogue,
    TimeProvider clock,
    ILogger<DemoHistorySeeder> logger)
{
    public const string Actor = DemoSeeder.Actor;
    public const int HistoryYears = 2;
    public const int WeeksAhead = 4;
    public const int DormantCustomersPerCompany = 5;

    private static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(5);
    /// <summary>pg_advisory_xact_lock key: two seed runs at once write one history, not two.</summary>
    private const long LockKey = 0x46_4B_48_49_53_54; // "FKHIST"

    /// <summary>The companies' time zone (FieldKit:TimeZone); "today" is the date there.</summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public async Task<IReadOnlyList<HistorySeedResult>> SeedAsync(CancellationToken ct)
    {
        var results = new List<HistorySeedResult>();
        foreach (var company in catalogue.All)
            results.Add(await SeedCompanyAsync(company.Code, ct));
        return results;
    }

    public async Task<HistorySeedResult> SeedCompanyAsync(string companyCode, CancellationToken ct)
    {
        var company = catalogue.Get(companyCode);
        var stopwatch = Stopwatch.StartNew();
        var nowUtc = clock.GetUtcNow().UtcDateTime;
        var localNow = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, TimeZone);
        var today = DateOnly.FromDateTime(localNow);

        HistorySeedResult Skipped(string why)
        {
            logger.LogInformation("Demo history not seeded in {Company}: {Reason}", companyCode, why);
            return new HistorySeedResult(companyCode, why, today, 0, 0, 0, 0m, [], stopwatch.Elapsed);
        }

        await using var db = companyFactory.Create(companyCode, Actor);
        // Opened through EF so EF also closes it and the pooled context is left clean.
        await db.Database.OpenConnectionAsync(ct);
        History history;
        long copied;
        try
        {
            var conn = (NpgsqlConnection)db.Database.GetDbConnection();
            await using (var tx = await conn.BeginTransactionAsync(ct))
            {
                await SeedDb.ExecuteAsync(conn, $"SELECT pg_advisory_xact_lock({LockKey})", ct);
                // Deleted jobs count: a company whose jobs were all deleted has been in use, not freshly seeded.
                if (await SeedDb.ScalarAsync<bool>(conn, "SELECT EXISTS (SELECT 1 FROM jobs)", ct))
                    return Skipped("it already has jobs");

                var customers = await ReadCustomersAsync(conn, ct);
                if (customers.Count == 0)
                    return Skipped("it has no active customers");
                var (services, crews) = await SeedDb.ReadJobListsAsync(conn, companyCode, ct);

                // As in ScaleSeeder: with the replica role the audit_log and pg_notify triggers stay silent (a
                // hundred thousand notifications would flood every open screen), and so do the FK triggers, which
                // is safe because every id written below was read from the database in this transaction.
                // SET LOCAL ends with the transaction, failed or not, so the pooled connection never keeps it.
                await SeedDb.ExecuteAsync(conn, "SET LOCAL session_replication_role = replica", ct);

                var generator = new HistoryGenerator(companyCode, company.DormancyWeeks, customers, services, crews,
                    TimeZone, nowUtc, localNow);
                history = generator.Generate();
                var generated = stopwatch.ElapsedMilliseconds;

                var maxJobId = await SeedDb.ScalarAsync<int>(conn, "SELECT COALESCE(MAX(id), 0) FROM jobs", ct);
                await CopyJobsAsync(conn, history, customers, ct);
                var jobIds = await ReadIdsAsync(conn, "SELECT id FROM jobs WHERE created_by = $1 AND id > $2 ORDER BY id", maxJobId, ct);
                if (jobIds.Count != history.Jobs.Count)
                    throw new InvalidOperationException(
                        $"Expected {history.Jobs.Count} new jobs in {companyCode} but found {jobIds.Count}; nothing was committed.");

                var firstNumber = await SeedDb.ScalarAsync<long>(conn,
                    "SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM invoice_number_seq", ct);
                var taken = (await SeedDb.ReadStringsAsync(conn, "SELECT number FROM invoices WHERE deleted_at IS NULL", ct))
                    .ToHashSet(StringComparer.Ordinal);
                var lastNumber = NumberInvoices(history.Invoices, firstNumber, taken);

                var maxInvoiceId = await SeedDb.ScalarAsync<int>(conn, "SELECT COALESCE(MAX(id), 0) FROM invoices", ct);
                await CopyInvoicesAsync(conn, history, customers, jobIds, ct);
                var invoiceIds = await ReadIdsAsync(conn,
                    "SELECT id FROM invoices WHERE created_by = $1 AND id > $2 ORDER BY id", maxInvoiceId, ct);
                if (invoiceIds.Count != history.Invoices.Count)
                    throw new InvalidOperationException(
                        $"Expected {history.Invoices.Count} new invoices in {companyCode} but found {invoiceIds.Count}; nothing was committed.");
                await CopyPaymentsAsync(conn, history, invoiceIds, ct);
                copied = stopwatch.ElapsedMilliseconds - generated;

                // invoices.number has no default: native invoices take nextval, so it must continue after ours.
                if (history.Invoices.Count > 0)
                    await SeedDb.ExecuteAsync(conn, $"SELECT setval('invoice_number_seq', {lastNumber})", ct);
                await tx.CommitAsync(ct);
            }

            // Fresh planner statistics, or the first board and ageing queries plan as if the tables were empty.
            await SeedDb.ExecuteAsync(conn, "ANALYZE jobs, invoices, invoice_payments", ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var dormantIds = history.DormantCustomers.Select(i => history.CustomerIds[i]).ToList();
        var open = history.Invoices.Sum(i => i.Balance);
        logger.LogInformation(
            "Seeded {Company} history to {Today}: {Jobs} jobs, {Invoices} invoices, {Payments} payments, open {Open}, dormant {Dormant} in {ElapsedMs} ms ({CopyMs} ms copying)",
            companyCode, today, history.Jobs.Count, history.Invoices.Count, history.Payments.Count, open,
            string.Join(",", dormantIds), stopwatch.ElapsedMilliseconds, copied);
        return new HistorySeedResult(companyCode, null, today, history.Jobs.Count, history.Invoices.Count,
            history.Payments.Count, open, dormantIds, stopwatch.Elapsed);
    }

    /// <summary>Numbers in date order from the sequence's next value, skipping any already used; returns the last.</summary>
    private static long NumberInvoices(List<InvoiceRow> invoices, long next, HashSet<string> taken)
    {
        var last = next - 1;
        foreach (var invoice in invoices)
        {
            while (taken.Contains(next.ToString(CultureInfo.InvariantCulture))) next++;
            invoice.Number = next.ToString(CultureInfo.InvariantCulture);
            last = next++;
        }
        return last;
    }

    // ---- reading ----------------------------------------------------------------------------------------

    /// <summary>
    /// Active customers of the demo set. Rows bulk-loaded by seed-scale are left out: a history spread over
    /// 100,000 properties would leave every one of them dormant.
    /// </summary>
    private static async Task<List<CustomerRow>> ReadCustomersAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT id, unit_count, payment_terms_days FROM customers
            WHERE deleted_at IS NULL AND status = $1 AND created_by <> $2
            ORDER BY id
            """, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = nameof(CustomerStatus.Active) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = ScaleSeeder.Actor });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<CustomerRow>();
        while (await reader.ReadAsync(ct))
            rows.Add(new CustomerRow(reader.GetInt32(0), reader.IsDBNull(1) ? 200 : reader.GetInt32(1), reader.GetInt32(2)));
        return rows;
    }

    private static async Task<List<int>> ReadIdsAsync(NpgsqlConnection conn, string sql, int afterId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = Actor });
        cmd.Parameters.Add(new NpgsqlParameter { Value = afterId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var ids = new List<int>();
        while (await reader.ReadAsync(ct))
            ids.Add(reader.GetInt32(0));
        return ids;
    }

    // ---- writing ----------------------------------------------------------------------------------------

    private static async Task CopyJobsAsync(NpgsqlConnection conn, History history, List<CustomerRow> customers, CancellationToken ct)
    {
        // number is left to its default, nextval('job_number_seq'): rows go in date order, so numbers rise with dates.
        await using var copy = await conn.BeginBinaryImportAsync("""
            COPY jobs (customer_id, scheduled_date, window_start, window_end, service_type, crew, units, po_number,
                price, status, cancel_reason, completed_at, created_at, created_by, updated_at, updated_by)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        copy.Timeout = CopyTimeout;
        foreach (var j in history.Jobs)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(customers[j.Customer].Id, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(j.Date, NpgsqlDbType.Date, ct);
            await copy.WriteAsync(j.Start, NpgsqlDbType.Time, ct);
            await copy.WriteAsync(j.End, NpgsqlDbType.Time, ct);
            await copy.WriteAsync(j.ServiceType, NpgsqlDbType.Varchar, ct);
            await copy.WriteNullableAsync(j.Crew, NpgsqlDbType.Varchar, ct);
            await copy.WriteNullableAsync(j.Units, NpgsqlDbType.Text, ct);
            await copy.WriteNullableAsync(j.PoNumber, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(j.Price, NpgsqlDbType.Numeric, ct);
            // Status is stored as the enum name (HasConversion<string>).
            await copy.WriteAsync(StatusNames[(int)j.Status], NpgsqlDbType.Varchar, ct);
            await copy.WriteNullableAsync(j.CancelReason, NpgsqlDbType.Text, ct);
            if (j.CompletedUtc is { } done) await copy.WriteAsync(done, NpgsqlDbType.TimestampTz, ct);
            else await copy.WriteNullAsync(ct);
            await WriteStampAsync(copy, j.CreatedUtc, j.UpdatedUtc, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task CopyInvoicesAsync(
        NpgsqlConnection conn, History history, List<CustomerRow> customers, List<int> jobIds, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync("""
            COPY invoices (number, customer_id, job_id, invoice_date, due_date, amount, tax_amount, amount_paid, credits,
                balance, po_number, source, created_at, created_by, updated_at, updated_by)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        copy.Timeout = CopyTimeout;
        var native = nameof(InvoiceSource.Native);
        foreach (var i in history.Invoices)
        {
            var job = history.Jobs[i.Job];
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(i.Number, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(customers[job.Customer].Id, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(jobIds[i.Job], NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(i.Date, NpgsqlDbType.Date, ct);
            await copy.WriteAsync(i.DueDate, NpgsqlDbType.Date, ct);
            await copy.WriteAsync(i.Amount, NpgsqlDbType.Numeric, ct);
            await copy.WriteAsync(0m, NpgsqlDbType.Numeric, ct);
            await copy.WriteAsync(i.AmountPaid, NpgsqlDbType.Numeric, ct);
            await copy.WriteAsync(i.Credits, NpgsqlDbType.Numeric, ct);
            await copy.WriteAsync(i.Balance, NpgsqlDbType.Numeric, ct);
            await copy.WriteNullableAsync(job.PoNumber, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(native, NpgsqlDbType.Varchar, ct);
            await WriteStampAsync(copy, i.CreatedUtc, i.UpdatedUtc, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task CopyPaymentsAsync(NpgsqlConnection conn, History history, List<int> invoiceIds, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync("""
            COPY invoice_payments (invoice_id, kind, date, amount, method, reference, created_at, created_by, updated_at, updated_by)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        copy.Timeout = CopyTimeout;
        foreach (var p in history.Payments)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(invoiceIds[p.Invoice], NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(p.Kind == PaymentKind.Credit ? nameof(PaymentKind.Credit) : nameof(PaymentKind.Payment), NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(p.Date, NpgsqlDbType.Date, ct);
            await copy.WriteAsync(p.Amount, NpgsqlDbType.Numeric, ct);
            await copy.WriteAsync(p.Method, NpgsqlDbType.Varchar, ct);
            await copy.WriteNullableAsync(p.Reference, NpgsqlDbType.Varchar, ct);
            await WriteStampAsync(copy, p.CreatedUtc, p.CreatedUtc, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static readonly string[] StatusNames = Enum.GetValues<JobStatus>().OrderBy(s => (int)s).Select(s => s.ToString()).ToArray();

    /// <summary>created_at, created_by, updated_at, updated_by: what the audit interceptor would have set at the time.</summary>
    private static async Task WriteStampAsync(NpgsqlBinaryImporter copy, DateTime created, DateTime updated, CancellationToken ct)
    {
        await copy.WriteAsync(created, NpgsqlDbType.TimestampTz, ct);
        await copy.WriteAsync(Actor, NpgsqlDbType.Varchar, ct);
        await copy.WriteAsync(updated, NpgsqlDbType.TimestampTz, ct);
        await copy.WriteAsync(Actor, NpgsqlDbType.Varchar, ct);
    }


    // ---- generation -------------------------------------------------------------------------------------

    private sealed record CustomerRow(int Id, int UnitCount, int PaymentTermsDays);

    private sealed class JobRow
    {
        public int Customer;
        public DateOnly Date;
        public TimeOnly Start;
        public TimeOnly End;
        public string ServiceType = "";
        public string? Crew;
        public string? Units;
        public string? PoNumber;
        public decimal Price;
        public JobStatus Status;
        public string? CancelReason;
        public DateTime? CompletedUtc;
        public DateTime CreatedUtc;
        public DateTime UpdatedUtc;
    }

    private sealed class InvoiceRow
    {
        public int Job;
        public string Number = "";
        public DateOnly Date;
        public DateOnly DueDate;
        public decimal Amount;
        public decimal AmountPaid;
        public decimal Credits;
        public decimal Balance => Amount - AmountPaid - Credits;
        public DateTime CreatedUtc;
        public DateTime UpdatedUtc;
    }

    private sealed record PaymentRow(int Invoice, PaymentKind Kind, DateOnly Date, decimal Amount, string Method, string? Reference, DateTime CreatedUtc);

    private sealed record History(
        List<JobRow> Jobs, List<InvoiceRow> Invoices, List<PaymentRow> Payments, List<int> DormantCustomers, List<int> CustomerIds);

    /// <summary>How a customer pays: by the same method every time, from its own cheque book or card.</summary>
    private sealed class PayerProfile
    {
        public decimal Rate;
        public bool RequiresPo;
        public string Method = "check";
        public int NextCheck;
        public int CardLast4;
    }

    /// <summary>The whole history of one company, in memory, from one seeded Random.</summary>
    private sealed class HistoryGenerator(
        string companyCode,
        int dormancyWeeks,
        List<CustomerRow> customers,
        List<JobServiceType> services,
        List<string> crews,
        TimeZoneInfo zone,
        DateTime nowUtc,
        DateTime localNow)
    {
        private readonly Random _rng = new(SeedData.StableSeed($"history:{companyCode}"));
        private readonly DateOnly _today = DateOnly.FromDateTime(localNow);

        public History Generate()
        {
            var faker = new JobFaker(_rng, services, crews);
            var profiles = customers.Select(_ => NewProfile(faker)).ToArray();
            var weights = new WeightedIndex(customers.Select(c => (double)Math.Max(c.UnitCount, 20)));
            var first = _today.AddYears(-HistoryYears);
            var last = _today.AddDays(7 * WeeksAhead);
            var (min, max) = DemoLists.WeekdayVolumeFor(companyCode);

            // Dormant: the last job some weeks before the threshold, nothing since and nothing booked.
            var order = Shuffle(Enumerable.Range(0, customers.Count).ToList());
            var dormant = order.Take(Math.Min(DormantCustomersPerCompany, customers.Count / 2)).ToList();
            var lastAllowed = new DateOnly?[customers.Count];
            var forced = new Dictionary<DateOnly, List<int>>();
            foreach (var c in dormant)
            {
                var lastJob = PreviousWeekday(_today.AddDays(-7 * (dormancyWeeks + _rng.Next(1, 7))));
                lastAllowed[c] = lastJob;
                if (lastJob >= first)
                    (forced.TryGetValue(lastJob, out var list) ? list : forced[lastJob] = []).Add(c);
            }

            // Everyone else has had work inside the threshold: without this, a small company's smaller
            // properties would drift past it by chance, and the dormant list would show far more than a handful.
            var coverFrom = _today.AddDays(-Math.Max(7, 7 * dormancyWeeks - 7));
            var coverQueue = new Queue<int>(order.Skip(dormant.Count));
            var coverDaysLeft = 0;
            for (var d = coverFrom; d < _today; d = d.AddDays(1))
                if (IsWeekday(d)) coverDaysLeft++;

            var jobs = new List<JobRow>(EstimateJobs(first, last, min, max));
            var day = new List<JobRow>(max * 2);
            for (var date = first; date <= last; date = date.AddDays(1))
            {
                if (date.DayOfWeek == DayOfWeek.Sunday) continue;
                var count = _rng.Next(min, max + 1);
                if (date.DayOfWeek == DayOfWeek.Saturday)
                    count = (int)Math.Round(count * (0.07 + 0.06 * _rng.NextDouble()), MidpointRounding.AwayFromZero);

                day.Clear();
                if (forced.TryGetValue(date, out var dormantLast))
                    foreach (var c in dormantLast) day.Add(NewJob(faker, profiles, c, date, mustHappen: true));
                if (date >= coverFrom && date < _today && IsWeekday(date) && coverDaysLeft > 0)
                {
                    var take = (coverQueue.Count + coverDaysLeft - 1) / coverDaysLeft;
                    for (var i = 0; i < take && coverQueue.Count > 0; i++)
                        day.Add(NewJob(faker, profiles, coverQueue.Dequeue(), date, mustHappen: true));
                    coverDaysLeft--;
                }
                while (day.Count < count)
                {
                    int c;
                    do c = weights.Pick(_rng);
                    while (lastAllowed[c] is { } stop && date > stop);
                    day.Add(NewJob(faker, profiles, c, date, mustHappen: false));
                }
                // Numbers follow the insert order: by day, then as the crews' day runs.
                day.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Crew, b.Crew));
                jobs.AddRange(day);
            }

            var (invoices, payments) = Bill(jobs, profiles);
            return new History(jobs, invoices, payments, dormant, customers.Select(c => c.Id).ToList());
        }

        private PayerProfile NewProfile(JobFaker faker)
        {
            var roll = _rng.Next(10);
            return new PayerProfile
            {
                Rate = faker.CustomerRate(),
                RequiresPo = _rng.Next(100) < 15,
                Method = roll < 6 ? "check" : roll < 9 ? "ach" : "card",
                NextCheck = _rng.Next(1000, 20000),
                CardLast4 = _rng.Next(1000, 10000),
            };
        }

        private JobRow NewJob(JobFaker faker, PayerProfile[] profiles, int customer, DateOnly date, bool mustHappen)
        {
            var service = faker.Service();
            var (start, end) = faker.Window();
            var (units, unitCount) = faker.Units(customers[customer].UnitCount, service.PerUnit);
            var job = new JobRow
            {
                Customer = customer,
                Date = date,
                Start = start,
                End = end,
                ServiceType = service.Name,
                Crew = faker.Crew(),
                Units = units,
                PoNumber = faker.PoNumber(profiles[customer].RequiresPo),
                Price = JobFaker.Price(service, unitCount, profiles[customer].Rate),
            };
            // Booked a few days to a few weeks ahead, during office hours.
            job.CreatedUtc = Clamp(JobFaker.Utc(date.AddDays(-_rng.Next(1, 29)), new TimeOnly(8, 0).AddMinutes(_rng.Next(0, 9 * 60)), zone));
            job.UpdatedUtc = job.CreatedUtc;

            if (date < _today)
            {
                if (!mustHappen && _rng.Next(100) < 4)
                {
                    job.Status = JobStatus.Cancelled;
                    job.CancelReason = faker.CancelReason();
                    job.UpdatedUtc = Latest(job.CreatedUtc, JobFaker.Utc(date, start, zone).AddMinutes(-_rng.Next(30, 24 * 60)));
                }
                else
                {
                    job.Status = JobStatus.Invoiced;
                    job.CompletedUtc = Finished(date, start, end);
                    job.UpdatedUtc = Latest(job.CreatedUtc, job.CompletedUtc.Value);
                }
            }
            else if (date == _today)
            {
                // Today's board always shows a day under way: whatever the hour of the seed, the crews are
                // somewhere between mid-morning and early afternoon.
                var boardTime = TimeOnly.FromDateTime(localNow);
                if (boardTime < new TimeOnly(10, 0)) boardTime = new TimeOnly(10, 0);
                if (boardTime > new TimeOnly(14, 0)) boardTime = new TimeOnly(14, 0);
                if (end <= boardTime && _rng.Next(10) > 0)
                {
                    job.Status = JobStatus.Completed;
                    job.CompletedUtc = Finished(date, start, end);
                    job.UpdatedUtc = Latest(job.CreatedUtc, job.CompletedUtc.Value);
                }
                else if (start <= boardTime)
                {
                    job.Status = JobStatus.InProgress;
                    job.UpdatedUtc = Latest(job.CreatedUtc, Clamp(JobFaker.Utc(date, start, zone)));
                }
                else job.Status = JobStatus.Scheduled;
            }
            else job.Status = JobStatus.Scheduled;
            return job;
        }

        /// <summary>Done within the window, an hour or more after the start; never later than now.</summary>
        private DateTime Finished(DateOnly date, TimeOnly start, TimeOnly end)
        {
            var minutes = (int)(end - start).TotalMinutes;
            return Clamp(JobFaker.Utc(date, start.AddMinutes(_rng.Next(60, minutes + 1)), zone));
        }

        /// <summary>An invoice per invoiced job, and what has been paid or credited on it by today.</summary>
        private (List<InvoiceRow>, List<PaymentRow>) Bill(List<JobRow> jobs, PayerProfile[] profiles)
        {
            var invoices = new List<InvoiceRow>(jobs.Count);
            for (var j = 0; j < jobs.Count; j++)
            {
                var job = jobs[j];
                if (job.Status != JobStatus.Invoiced) continue;
                // Most go out the evening of the job, some the next morning.
                var date = _rng.Next(4) == 0 ? job.Date.AddDays(1) : job.Date;
                if (date > _today) date = _today;
                var invoice = new InvoiceRow
                {
                    Job = j,
                    Date = date,
                    DueDate = InvoiceMath.DueDate(date, customers[job.Customer].PaymentTermsDays),
                    Amount = job.Price,
                    CreatedUtc = Clamp(JobFaker.Utc(date, new TimeOnly(16, 0).AddMinutes(_rng.Next(0, 120)), zone)),
                };
                invoice.UpdatedUtc = invoice.CreatedUtc;
                job.UpdatedUtc = Latest(job.UpdatedUtc, invoice.CreatedUtc);
                invoices.Add(invoice);
            }
            // Numbers rise with invoice dates; within a day, in job order.
            invoices = invoices.OrderBy(i => i.Date).ThenBy(i => i.Job).ToList();

            var payments = new List<PaymentRow>(invoices.Count);
            for (var n = 0; n < invoices.Count; n++)
                Collect(invoices[n], n, profiles[jobs[invoices[n].Job].Customer], payments);
            return (invoices, payments);
        }

        /// <summary>
        /// Most customers pay in full 5–45 days after the invoice, so recent invoices are mostly open and a few
        /// run past due. Some have not paid at all (about 8% of those due in the last three months, far fewer of
        /// the older ones, as old debts get chased or written off: that spreads them over the 30/60/90+ buckets),
        /// some pay part and the rest later, a few get a credit and pay the rest.
        /// </summary>
        private void Collect(InvoiceRow invoice, int index, PayerProfile payer, List<PaymentRow> payments)
        {
            var daysPastDue = _today.DayNumber - invoice.DueDate.DayNumber;
            var unpaid = daysPastDue switch { <= 30 => 0.10, <= 60 => 0.08, <= 90 => 0.06, <= 180 => 0.02, <= 365 => 0.005, _ => 0.001 };
            var roll = _rng.NextDouble();
            var payDate = invoice.Date.AddDays(5 + (_rng.Next(0, 41) + _rng.Next(0, 41)) / 2);
            var amount = invoice.Amount;

            if (roll < unpaid) return;
            if (roll < unpaid + 0.05 && amount >= 20m)
            {
                // Part now, the rest a month or two later: only the recent ones are still part-paid.
                var part = Math.Clamp(RoundTo5(amount * (0.3m + 0.4m * (decimal)_rng.NextDouble())), 5m, amount - 5m);
                var restDate = payDate.AddDays(_rng.Next(20, 62));
                if (payDate <= _today) Pay(invoice, index, payer, payDate, part, payments);
                if (restDate <= _today) Pay(invoice, index, payer, restDate, amount - part, payments);
                return;
            }
            if (roll < unpaid + 0.07 && amount >= 20m)
            {
                var creditDate = invoice.Date.AddDays(_rng.Next(2, 16));
                if (creditDate > _today) return;
                var credit = Math.Clamp(RoundTo5(amount * (0.10m + 0.15m * (decimal)_rng.NextDouble())), 5m, amount - 5m);
                var reason = DemoLists.CreditReasons[_rng.Next(DemoLists.CreditReasons.Length)];
                var created = Clamp(JobFaker.Utc(creditDate, new TimeOnly(9, 0).AddMinutes(_rng.Next(0, 480)), zone));
                payments.Add(new PaymentRow(index, PaymentKind.Credit, creditDate, credit, reason, null, created));
                invoice.Credits += credit;
                invoice.UpdatedUtc = Latest(invoice.UpdatedUtc, created);
                if (payDate <= _today)
                    Pay(invoice, index, payer, payDate < creditDate ? creditDate : payDate, amount - credit, payments);
                return;
            }
            if (payDate <= _today) Pay(invoice, index, payer, payDate, amount, payments);
        }

        private void Pay(InvoiceRow invoice, int index, PayerProfile payer, DateOnly date, decimal amount, List<PaymentRow> payments)
        {
            var reference = payer.Method switch
            {
                "check" => $"CHK {payer.NextCheck++}",
                "ach" => $"ACH {_rng.Next(100000, 1000000)}",
                _ => $"CARD x{payer.CardLast4}",
            };
            var created = Clamp(JobFaker.Utc(date, new TimeOnly(9, 0).AddMinutes(_rng.Next(0, 480)), zone));
            payments.Add(new PaymentRow(index, PaymentKind.Payment, date, amount, payer.Method, reference, created));
            invoice.AmountPaid += amount;
            invoice.UpdatedUtc = Latest(invoice.UpdatedUtc, created);
        }

        private List<int> Shuffle(List<int> items)
        {
            for (var i = items.Count - 1; i > 0; i--)
            {
                var j = _rng.Next(i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }
            return items;
        }

        private static int EstimateJobs(DateOnly first, DateOnly last, int min, int max) =>
            (last.DayNumber - first.DayNumber + 1) * (min + max) / 2 * 6 / 7 + 1000;

        private DateTime Clamp(DateTime utc) => utc > nowUtc ? nowUtc : utc;

        private static DateTime Latest(DateTime a, DateTime b) => a > b ? a : b;

        private static decimal RoundTo5(decimal value) => Math.Round(value / 5m, MidpointRounding.AwayFromZero) * 5m;

        private static bool IsWeekday(DateOnly d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

        private static DateOnly PreviousWeekday(DateOnly d)
        {
            while (!IsWeekday(d)) d = d.AddDays(-1);
            return d;
        }
    }
}
