using System.Diagnostics;
using FieldKit.Data.Company;
using FieldKit.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace FieldKit.Data.Seeding;

/// <summary>
/// Loads a company database with many extra customers (typically 100,000) for search and list performance
/// work, through binary COPY: EF inserts would take minutes. Deterministic per company code.
/// </summary>
public sealed class ScaleSeeder(CompanyDbContextFactory companyFactory, ILogger<ScaleSeeder> logger)
{
    public const string Actor = "system:seed-scale";

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
                await tx.CommitAsync(ct);
            }

            // Fresh planner statistics, or the first searches plan as if the tables were still small.
            await ExecuteAsync(conn, "ANALYZE customers, customer_contacts", ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        logger.LogInformation("Scale-seeded {Company}: {Customers} customers, {Contacts} contacts in {ElapsedMs} ms",
            companyCode, count, contactCount, clock.ElapsedMilliseconds);
    }

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
            await WriteNullableAsync(copy, managerId, ct);
            await copy.WriteAsync(p.UnitCount, NpgsqlDbType.Integer, ct);
            // Billed at the property itself.
            await copy.WriteAsync(p.Name, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Address.Street, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Address.City, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Address.State, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(p.Address.Zip, NpgsqlDbType.Varchar, ct);
            await copy.WriteAsync(p.PaymentTermsDays, NpgsqlDbType.Integer, ct);
            await WriteNullableAsync(copy, p.Notes, NpgsqlDbType.Text, ct);
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
                await WriteNullableAsync(copy, c.MobilePhone, NpgsqlDbType.Varchar, ct);
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

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);

    private static Task WriteNullableAsync(NpgsqlBinaryImporter copy, int? value, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value.Value, NpgsqlDbType.Integer, ct);

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
