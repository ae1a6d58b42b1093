using System.Globalization;
using Npgsql;

namespace FieldKit.Data.Seeding;

/// <summary>Small raw-Npgsql helpers the bulk seeders share (they work on one open connection in a transaction).</summary>
internal static class SeedDb
{
    public static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        var value = await cmd.ExecuteScalarAsync(ct);
        return (T)Convert.ChangeType(value!, typeof(T), CultureInfo.InvariantCulture);
    }

    public static async Task<List<string>> ReadStringsAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(ct))
            rows.Add(reader.GetString(0));
        return rows;
    }

    /// <summary>The company's active service types and crews, or the demo lists where one is empty.</summary>
    public static async Task<(List<JobServiceType> Services, List<string> Crews)> ReadJobListsAsync(
        NpgsqlConnection conn, string companyCode, CancellationToken ct)
    {
        var services = new List<(string Name, decimal? DefaultPrice)>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT name, default_price FROM service_types WHERE deleted_at IS NULL AND is_active ORDER BY sort_order, id", conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                services.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetDecimal(1)));
        }
        var crews = await ReadStringsAsync(conn,
            "SELECT name FROM crews WHERE deleted_at IS NULL AND is_active ORDER BY sort_order, id", ct);
        return JobFaker.Lists(companyCode, services, crews);
    }
}
