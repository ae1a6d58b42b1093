using System.Diagnostics;
using Npgsql;

namespace FieldKit.LoadTest;

/// <summary>
/// Live updates under load: one committed change (a customer renamed by SQL, as another user's save would be)
/// and the time until each circuit showing that customer has received a render batch with the new name.
/// </summary>
public static class FanOut
{
    public sealed record Result(int Circuits, int Received, double[] DelaysMs, string NewName);

    public static async Task<Result> MeasureAsync(IReadOnlyList<CircuitClient> circuits, string companyConnectionString, int customerId,
        TimeSpan timeout, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(companyConnectionString);
        await conn.OpenAsync(ct);
        string name;
        await using (var read = new NpgsqlCommand("SELECT property_name FROM customers WHERE id = @id", conn))
        {
            read.Parameters.AddWithValue("id", customerId);
            name = (string?)await read.ExecuteScalarAsync(ct) ?? throw new InvalidOperationException($"No customer {customerId}.");
        }
        var baseName = name.Split(" ~live ")[0];
        var newName = $"{baseName} ~live {Guid.NewGuid().ToString("N")[..6]}";
        var clock = new Stopwatch();
        var delays = new double[circuits.Count];
        var waits = circuits.Select((c, i) => c.WaitForAsync(b => b.Contains(newName), timeout, "the renamed customer")
            .ContinueWith(t => { delays[i] = t.IsCompletedSuccessfully ? clock.Elapsed.TotalMilliseconds : double.NaN; },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)).ToArray();
        await using (var update = new NpgsqlCommand("UPDATE customers SET property_name = @name WHERE id = @id", conn))
        {
            update.Parameters.AddWithValue("name", newName);
            update.Parameters.AddWithValue("id", customerId);
            clock.Start();   // autocommit: the change is committed when the command returns; timing from the send is the safe side
            await update.ExecuteNonQueryAsync(ct);
        }
        await Task.WhenAll(waits);
        return new Result(circuits.Count, delays.Count(d => !double.IsNaN(d)), delays, newName);
    }
}
