using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FieldKit.Tests.Infrastructure;
using Npgsql;

namespace FieldKit.Tests.Operations;

public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    public string All => StdOut + StdErr;
}

/// <summary>Runs the real tools (nginx, pg_ctl, the backup scripts) with a bounded wait.</summary>
public static class OpsTools
{
    public const string PgBin = "/usr/lib/postgresql/15/bin";

    public static bool IsRoot => Environment.IsPrivilegedProcess;

    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> args,
        IDictionary<string, string>? env = null, TimeSpan? timeout = null, string? asUser = null)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (asUser is not null && IsRoot)
        {
            psi.FileName = "runuser";
            foreach (var a in new[] { "-u", asUser, "--", file }) psi.ArgumentList.Add(a);
        }
        else psi.FileName = file;
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    public static async Task<ProcessResult> RunOkAsync(string file, IEnumerable<string> args,
        IDictionary<string, string>? env = null, TimeSpan? timeout = null, string? asUser = null)
    {
        var result = await RunAsync(file, args, env, timeout, asUser);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {result.ExitCode}:\n{result.All}");
        return result;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>libpq environment for a cluster on <paramref name="port"/> (the test clusters' superuser).</summary>
    public static Dictionary<string, string> PgEnv(int port) => new()
    {
        ["PGHOST"] = "127.0.0.1", ["PGPORT"] = port.ToString(), ["PGUSER"] = "fieldkit",
        ["PGPASSWORD"] = "fieldkit-local", ["PG_BIN"] = PgBin,
    };

    public static readonly string[] Databases =
        ["fieldkit_core", .. TestConfiguration.Companies.Select(c => $"fieldkit_{c}")];

    /// <summary>Row count and an md5 over every row's text, per table of the public schema.</summary>
    public static async Task<SortedDictionary<string, string>> TableChecksumsAsync(string connectionString)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        var tables = new List<string>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        foreach (var table in tables)
        {
            await using var cmd = new NpgsqlCommand(
                $"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-') FROM \"{table}\" t", conn);
            result[table] = (string)(await cmd.ExecuteScalarAsync())!;
        }
        return result;
    }
}

/// <summary>
/// A PostgreSQL 15 cluster of the test's own: initdb into /var/tmp, a free loopback port, fsync off.
/// Started and stopped at will (the fault tests stop it under a running app), deleted on dispose.
/// </summary>
public sealed class ThrowawayCluster : IAsyncDisposable
{
    private ThrowawayCluster(string dir, int port) { Dir = dir; Port = port; }

    public string Dir { get; }
    public int Port { get; }
    private string Data => Path.Combine(Dir, "data");

    public static async Task<ThrowawayCluster> CreateAsync()
    {
        var dir = Path.Combine("/var/tmp", "fieldkit-ops-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        if (OpsTools.IsRoot) await OpsTools.RunOkAsync("chown", ["postgres:", dir]);
        var pw = Path.Combine(dir, "pw");
        await File.WriteAllTextAsync(pw, "fieldkit-local\n");
        File.SetUnixFileMode(pw, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var cluster = new ThrowawayCluster(dir, OpsTools.FreePort());
        await OpsTools.RunOkAsync($"{OpsTools.PgBin}/initdb",
            ["-D", cluster.Data, "-U", "fieldkit", $"--pwfile={pw}", "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"],
            asUser: "postgres");
        File.Delete(pw);
        await File.AppendAllTextAsync(Path.Combine(cluster.Data, "postgresql.conf"), new StringBuilder()
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine($"port = {cluster.Port}")
            .AppendLine($"unix_socket_directories = '{dir}'")
            .AppendLine("max_connections = 200")
            .AppendLine("fsync = off")
            .AppendLine("synchronous_commit = off")
            .AppendLine("full_page_writes = off").ToString());
        await cluster.StartAsync();
        return cluster;
    }

    public Task StartAsync() => OpsTools.RunOkAsync($"{OpsTools.PgBin}/pg_ctl",
        ["-D", Data, "-l", Path.Combine(Dir, "server.log"), "-w", "-t", "60", "start"], asUser: "postgres");

    /// <summary>A fast shutdown: open sessions are cut, as when the server is stopped for maintenance.</summary>
    public Task StopAsync() => OpsTools.RunOkAsync($"{OpsTools.PgBin}/pg_ctl",
        ["-D", Data, "-m", "fast", "-w", "-t", "60", "stop"], asUser: "postgres");

    public string ConnectionString(string database) => TestConfiguration.ConnectionString(database, Port);

    /// <summary>Copies the shared test cluster's databases (schema and rows) into this one.</summary>
    public async Task CloneFromAsync(int sourcePort, IEnumerable<string> databases)
    {
        foreach (var db in databases)
        {
            var script = $"set -euo pipefail; {OpsTools.PgBin}/createdb -h 127.0.0.1 -p {Port} -U fieldkit {db}; " +
                         $"{OpsTools.PgBin}/pg_dump -Fc -h 127.0.0.1 -p {sourcePort} -U fieldkit {db} | " +
                         $"{OpsTools.PgBin}/pg_restore --exit-on-error -h 127.0.0.1 -p {Port} -U fieldkit -d {db}";
            await OpsTools.RunOkAsync("bash", ["-c", script], new Dictionary<string, string> { ["PGPASSWORD"] = "fieldkit-local" });
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await OpsTools.RunAsync($"{OpsTools.PgBin}/pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"], asUser: "postgres");
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
