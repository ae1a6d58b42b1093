using System.Diagnostics;
using FieldKit.Data.Company;
using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace FieldKit.Data.Seeding;

/// <summary>
/// Loads a company database with many extra customers (typically 100,000) and years of jobs (typically five
/// years at 500 a day) for search, list and board performance work, through binary COPY: EF inserts would
/// take minutes. Deterministic per company code (and, for jobs, per day: "today" comes from the TimeProvider).
/// </summary>
public sealed class ScaleSeeder(CompanyDbContextFactory companyFactory, TimeProvider clock, ILogger<ScaleSeeder> logger)
{
    public const string Actor = "system:seed-scale";

    /// <summary>The companies' time zone (FieldKit:TimeZone): "today", and the wall-clock times of the jobs.</summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(5);

    /// <summary>A bulk row as generated: the property and the management company it points at, if any.</summary>
    private sealed record ScaleRow(FakeProperty Property, int? ManagementCompanyId);

    public async Task SeedCustomersAsync(string companyCode, int count, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var clock = Stopwatch.StartNew();

        await using var db = companyFactory.Create(companyCode, Actor);
        // Opened through EF so EF also closes it and the pooled context is left clean.
        await db.Database.OpenConnectionAsync(ct);
        int contactCount;
        try
        {
            var conn = (NpgsqlConnection)db.Database.GetDbConnection();
            await using (var tx = await conn.BeginTransactionAsync(ct))
            {
                // A bulk load is not a series of edits: with the replica role the audit_log and pg_notify
                // triggers stay silent (100,000 notifications would flood every open screen), and so do the
                // FK triggers, which is safe because every id written below was read from the database.
                // SET LOCAL ends with the transaction, failed or not, so the pooled connection never keeps it.
                await ExecuteAsync(conn, "SET LOCAL session_replication_role = replica", ct);

                var managerIds = await ReadIdsAsync(conn,
                    "SELECT id FROM management_companies WHERE deleted_at IS NULL ORDER BY id", ct);
                var maxIdBefore = await ReadMaxCustomerIdAsync(conn, ct);

                var fake = new FakeData(new Random(SeedData.StableSeed($"scale:{companyCode}")), SeedData.MetroFor(companyCode));
                var rows = Generate(fake, managerIds, count);
                var now = DateTime.UtcNow;

                await CopyCustomersAsync(conn, rows, now, ct);
                // Identity values follow the COPY's row order, so ascending ids line up with rows.
                var ids = await ReadIdsAsync(conn,
                    "SELECT id FROM customers WHERE created_by = $1 AND id > $2 ORDER BY id", ct,
                    new NpgsqlParameter { Value = Actor }, new NpgsqlParameter { Value = maxIdBefore });
                if (ids.Count != rows.Count)
                    throw new InvalidOperationException(
                        $"Expected {rows.Count} new customers in {companyCode} but found {ids.Count}; nothing was committed.");

                contactCount = await CopyContactsAsync(conn, rows, ids, now, ct);
                // The replica role also silenced the triggers that keep customer_search, so the new customers
                // would never be found by the search box: fill their rows here, in the same transaction.
                await ExecuteAsync(conn, $"SELECT fk_customer_search_refresh(ARRAY(SELECT id FROM customers WHERE created_by = '{Actor}' AND id > {maxIdBefore}))", ct);
                await tx.CommitAsync(ct);
            }

            // Fresh planner statistics, or the first searches plan as if the tables were still small; VACUUM
            // sets the visibility map, so the list's count is an index-only scan from the first request.
            await ExecuteAsync(conn, "VACUUM (ANALYZE) customers, customer_contacts, customer_search", ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        logger.LogInformation("Scale-seeded {Company}: {Customers} customers, {Contacts} contacts in {ElapsedMs} ms",
            companyCode, count, contactCount, clock.ElapsedMilliseconds);
    }

    /// <summary>
    /// <paramref name="perDay"/> jobs on every day (weekends too) of <paramref name="years"/> × 365 days that end
    /// four weeks from today, for the company's active customers, bigger properties more often: invoiced in the
    /// past (a few cancelled, part of the last week done but not yet invoiced), under way today, scheduled ahead.
    /// No invoice rows: the set is for the board, the job lists and customer histories. Rows go in date order,
    /// so job numbers rise with dates. Returns the number of jobs written.
    /// </summary>
    public async Task<int> SeedJobsAsync(string companyCode, int years = 5, int perDay = 500, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(years);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perDay);
        var stopwatch = Stopwatch.StartNew();
        var nowUtc = clock.GetUtcNow().UtcDateTime;
        var localNow = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, TimeZone);
        var days = years * 365;
        var first = DateOnly.FromDateTime(localNow).AddDays(7 * JobsWeeksAhead - days);

        await using var db = companyFactory.Create(companyCode, Actor);
        await db.Database.OpenConnectionAsync(ct);
        int written;
        try
        {
            var conn = (NpgsqlConnection)db.Database.GetDbConnection();
            await using (var tx = await conn.BeginTransactionAsync(ct))
            {
                // As for customers: no audit rows, no notifications, no FK triggers (customer ids are read below).
                await ExecuteAsync(conn, "SET LOCAL session_replication_role = replica", ct);
                var customers = await ReadCustomerUnitsAsync(conn, ct);
                if (customers.Count == 0)
                    throw new InvalidOperationException($"{companyCode} has no active customers to give jobs to.");
                var (services, crews) = await SeedDb.ReadJobListsAsync(conn, companyCode, ct);
                var rng = new Random(SeedData.StableSeed($"scale-jobs:{companyCode}"));
                var plan = new ScaleJobPlan(rng, new JobFaker(rng, services, crews), customers, TimeZone, nowUtc, localNow);
                written = await CopyJobsAsync(conn, plan, first, days, perDay, ct);
                await tx.CommitAsync(ct);
            }
            await ExecuteAsync(conn, "VACUUM (ANALYZE) jobs", ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        logger.LogInformation("Scale-seeded {Company}: {Jobs} jobs from {First} over {Days} days in {ElapsedMs} ms",
            companyCode, written, first, days, stopwatch.ElapsedMilliseconds);
        return written;
    }

    private const int JobsWeeksAhead = 4;

    private static async Task<List<(int Id, int Units)>> ReadCustomerUnitsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "SELECT id, COALESCE(unit_count, 200) FROM customers WHERE deleted_at IS NULL AND status = $1 ORDER BY id", conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = nameof(CustomerStatus.Active) });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<(int, int)>();
        while (await reader.ReadAsync(ct))
            rows.Add((reader.GetInt32(0), reader.GetInt32(1)));
        return rows;
    }

    /// <summary>The day-independent parts of a scale job, and its status by date.</summary>
    private sealed class ScaleJobPlan(
        Random rng, JobFaker faker, List<(int Id, int Units)> customers, TimeZoneInfo zone, DateTime nowUtc, DateTime localNow)
    {
        public readonly Random Rng = rng;
        public readonly JobFaker Faker = faker;
        public readonly List<(int Id, int Units)> Customers = customers;
        public readonly WeightedIndex Weights = new(customers.Select(c => (double)Math.Max(c.Units, 20)));
        public readonly decimal[] Rates = customers.Select(_ => faker.CustomerRate()).ToArray();
        public readonly bool[] RequiresPo = customers.Select(_ => rng.Next(100) < 15).ToArray();
        public readonly DateOnly Today = DateOnly.FromDateTime(localNow);
        public readonly DateTime NowUtc = nowUtc;
        public readonly TimeOnly BoardTime = Clamp(TimeOnly.FromDateTime(localNow), new TimeOnly(10, 0), new TimeOnly(14, 0));
        /// <summary>Job hours never meet a DST change (2 a.m.), so one offset per day converts them all.</summary>
        public TimeSpan OffsetOn(DateOnly date) => zone.GetUtcOffset(date.ToDateTime(new TimeOnly(12, 0)));

        private static TimeOnly Clamp(TimeOnly t, TimeOnly min, TimeOnly max) => t < min ? min : t > max ? max : t;
    }

    private sealed record ScaleJob(
        int CustomerId, TimeOnly Start, TimeOnly End, string ServiceType, string? Crew, string? Units, string? PoNumber, decimal Price);

    private static async Task<int> CopyJobsAsync(
        NpgsqlConnection conn, ScaleJobPlan plan, DateOnly first, int days, int perDay, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync("""
            COPY jobs (customer_id, scheduled_date, window_start, window_end, service_type, crew, units, po_number,
                price, status, cancel_reason, completed_at, created_at, created_by, updated_at, updated_by)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        copy.Timeout = CopyTimeout;
        var rng = plan.Rng;
        var now = plan.NowUtc;
        var day = new List<ScaleJob>(perDay);
        var written = 0;
        for (var d = 0; d < days; d++)
        {
            var date = first.AddDays(d);
            var offset = plan.OffsetOn(date);
            day.Clear();
            for (var i = 0; i < perDay; i++)
            {
                var c = plan.Weights.Pick(rng);
                var service = plan.Faker.Service();
                var (start, end) = plan.Faker.Window();
                var (units, unitCount) = plan.Faker.Units(plan.Customers[c].Units, service.PerUnit);
                day.Add(new ScaleJob(plan.Customers[c].Id, start, end, service.Name, plan.Faker.Crew(), units,
                    plan.Faker.PoNumber(plan.RequiresPo[c]), JobFaker.Price(service, unitCount, plan.Rates[c])));
            }
            // Numbers follow the insert order: by day, then as the crews' day runs.
            day.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Crew, b.Crew));

            foreach (var job in day)
            {
                var (status, completedLocal) = ScaleStatus(plan, date, job.Start, job.End);
                string? cancelReason = status == JobStatus.Cancelled ? plan.Faker.CancelReason() : null;
                DateTime? completed = completedLocal is { } local
                    ? Min(DateTime.SpecifyKind(date.ToDateTime(local) - offset, DateTimeKind.Utc), now)
                    : null;

                await copy.StartRowAsync(ct);
                await copy.WriteAsync(job.CustomerId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(date, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(job.Start, NpgsqlDbType.Time, ct);
                await copy.WriteAsync(job.End, NpgsqlDbType.Time, ct);
                await copy.WriteAsync(job.ServiceType, NpgsqlDbType.Varchar, ct);
                await copy.WriteNullableAsync(job.Crew, NpgsqlDbType.Varchar, ct);
                await copy.WriteNullableAsync(job.Units, NpgsqlDbType.Text, ct);
                await copy.WriteNullableAsync(job.PoNumber, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(job.Price, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(StatusNames[(int)status], NpgsqlDbType.Varchar, ct);
                await copy.WriteNullableAsync(cancelReason, NpgsqlDbType.Text, ct);
                if (completed is { } done) await copy.WriteAsync(done, NpgsqlDbType.TimestampTz, ct);
                else await copy.WriteNullAsync(ct);
                await WriteStampAsync(copy, now, ct);
                written++;
            }
        }
        await copy.CompleteAsync(ct);
        return written;
    }

    /// <summary>
    /// Past: invoiced, 4% cancelled, and about a third of the last week's done but not yet invoiced. Today:
    /// done, under way or to come by the board time (mid-morning to early afternoon). Ahead: scheduled.
    /// </summary>
    private static (JobStatus Status, TimeOnly? CompletedAt) ScaleStatus(ScaleJobPlan plan, DateOnly date, TimeOnly start, TimeOnly end)
    {
        var rng = plan.Rng;
        if (date > plan.Today) return (JobStatus.Scheduled, null);
        if (date == plan.Today)
        {
            if (end <= plan.BoardTime) return (JobStatus.Completed, end.AddMinutes(-rng.Next(0, 60)));
            return start <= plan.BoardTime ? (JobStatus.InProgress, null) : (JobStatus.Scheduled, null);
        }
        if (rng.Next(100) < 4) return (JobStatus.Cancelled, null);
        var doneAt = end.AddMinutes(-rng.Next(0, 60));
        return plan.Today.DayNumber - date.DayNumber <= 7 && rng.Next(3) == 0
            ? (JobStatus.Completed, doneAt)
            : (JobStatus.Invoiced, doneAt);
    }

    private static readonly string[] StatusNames =
        Enum.GetValues<JobStatus>().OrderBy(s => (int)s).Select(s => s.ToString()).ToArray();

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static List<ScaleRow> Generate(FakeData fake, IReadOnlyList<int> managerIds, int count)
    {
        var rows = new List<ScaleRow>(count);
        for (var i = 0; i < count; i++)
        {
            // A number suffix keeps 100,000 names varied, as trigram search needs to be tested honestly.
            var name = $"{fake.PropertyName()} {fake.Next(1000, 100000)}";
            var property = fake.Property(name, [], 1, 3);
            int? managerId = managerIds.Count > 0 && fake.Chance(0.9) ? fake.Pick(managerIds) : null;
            rows.Add(new ScaleRow(property, managerId));
        }
        return rows;
    }

    private static async Task CopyCustomersAsync(NpgsqlConnection conn, List<ScaleRow> rows, DateTime now, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync("""
            COPY customers (property_name, address, city, state, zip, phone, email, management_company_id,
                unit_count, billing_name, billing_address, billing_city, billing_state, billing_zip,
                payment_terms_days, notes, status, created_at, created_by, updated_at, updated_by)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        copy.Timeout = CopyTimeout;
        foreach (var (p, managerId) in rows)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(p.Name, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(p.Address.Street, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Address.City, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Address.State, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(p.Address.Zip, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(p.Phone, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Email, NpgsqlDbType.Text, ct);
            await copy.WriteNullableAsync(managerId, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(p.UnitCount, NpgsqlDbType.Integer, ct);
            // Billed at the property itself.
            await copy.WriteAsync(p.Name, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Address.Street, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Address.City, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Address.State, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(p.Address.Zip, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(p.PaymentTermsDays, NpgsqlDbType.Integer, ct);
            await copy.WriteNullableAsync(p.Notes, NpgsqlDbType.Text, ct);
            // Status is stored as the enum name (HasConversion<string>).
            await copy.WriteAsync((p.Inactive ? CustomerStatus.Inactive : CustomerStatus.Active).ToString(), NpgsqlDbType.Varchar, ct);
            await WriteStampAsync(copy, now, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task<int> CopyContactsAsync(
        NpgsqlConnection conn, List<ScaleRow> rows, IReadOnlyList<int> customerIds, DateTime now, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync("""
            COPY customer_contacts (customer_id, first_name, last_name, title, office_phone, mobile_phone, email,
                is_primary, receives_statements, created_at, created_by, updated_at, updated_by)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        copy.Timeout = CopyTimeout;
        var written = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var contacts = rows[i].Property.Contacts;
            for (var j = 0; j < contacts.Count; j++)
            {
                var c = contacts[j];
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(customerIds[i], NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(c.FirstName, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(c.LastName, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(c.Title, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(c.OfficePhone, NpgsqlDbType.Varchar, ct);
                await copy.WriteNullableAsync(c.MobilePhone, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(c.Email, NpgsqlDbType.Varchar, ct);
                // The property manager is the primary contact and gets the statements.
                await copy.WriteAsync(j == 0, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(j == 0, NpgsqlDbType.Boolean, ct);
                await WriteStampAsync(copy, now, ct);
                written++;
            }
        }
        await copy.CompleteAsync(ct);
        return written;
    }

    /// <summary>created_at, created_by, updated_at, updated_by: what the audit interceptor would have set.</summary>
    private static async Task WriteStampAsync(NpgsqlBinaryImporter copy, DateTime now, CancellationToken ct)
    {
        await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
        await copy.WriteAsync(Actor, NpgsqlDbType.Varchar, ct);
        await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
        await copy.WriteAsync(Actor, NpgsqlDbType.Varchar, ct);
    }



    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<int> ReadMaxCustomerIdAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        // Deleted rows count too: the filter below must skip every existing id.
        await using var cmd = new NpgsqlCommand("SELECT COALESCE(MAX(id), 0) FROM customers", conn);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<int>> ReadIdsAsync(
        NpgsqlConnection conn, string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddRange(parameters);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var ids = new List<int>();
        while (await reader.ReadAsync(ct))
            ids.Add(reader.GetInt32(0));
        return ids;
    }
}
