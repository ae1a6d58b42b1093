using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace FieldKit.LoadTest;

public sealed record LoadOptions
{
    public required Uri BaseUri { get; init; }
    /// <summary>Host, port and credentials of the app's PostgreSQL (no database): company data, pg_stat_activity, the fan-out change.</summary>
    public required string Postgres { get; init; }
    public IReadOnlyList<int> Circuits { get; init; } = [100, 300, 1000];
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);
    public double ThinkMs { get; init; } = 2000;
    public int OpenConcurrency { get; init; } = 16;
    public bool FanOut { get; init; } = true;
    /// <summary>Offer permessage-deflate as Chromium does (off only to measure what compression costs the server).</summary>
    public bool Deflate { get; init; } = true;
    public string? JsonPath { get; init; }
    /// <summary>Every measured step (UTC time it ended, level, step, ms, error), to line slow steps up with server events.</summary>
    public string? StepsCsvPath { get; init; }
    public TimeSpan SearchDebounce { get; init; } = TimeSpan.FromMilliseconds(300);
}

/// <summary>The server's figures; the AfterDecommit ones (after a forced GC only) are taken once the GC has returned its empty regions.</summary>
public sealed record ServerSample(long RssBytes, long GcHeapBytes, long GcCommittedBytes, double CpuMs, int Threads,
    long? RssAfterDecommitBytes = null, long? GcCommittedAfterDecommitBytes = null);

public sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        var v = values.Where(x => !double.IsNaN(x)).OrderBy(x => x).ToArray();
        if (v.Length == 0) return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN);
        double P(double q) => v[Math.Min(v.Length - 1, (int)Math.Ceiling(q * v.Length) - 1)];
        return new Percentiles(v.Length, P(0.50), P(0.95), P(0.99), v[^1]);
    }
}

public sealed record LevelResult(
    int Circuits, double WindowSeconds, double StepsPerSecond, Percentiles Steps, Dictionary<string, Percentiles> PerStep,
    int Errors, Dictionary<string, int> ErrorSamples, Dictionary<string, double> BatchKbPerStep, ServerSample ServerAfterGc, double? MemoryPerCircuitKb, double? GcHeapPerCircuitKb, double? DecommittedMemoryPerCircuitKb,
    double ServerCpuPercent, double ClientCpuPercent, int PgConnectionsMax, int PgMaxConnections, double OpenSeconds,
    double LoadAverageStart, double LoadAverageEnd, FanOutResult? FanOut, string? Fatal)
{
    /// <summary>Server CPU per completed step (ms): the cost of a step, which a busy machine does not inflate the way it does latency.</summary>
    public double ServerCpuMsPerStep => StepsPerSecond > 0 ? ServerCpuPercent * 10 / StepsPerSecond : 0;
}

public sealed record FanOutResult(int Circuits, int Received, Percentiles DelayMs);

/// <summary>
/// Opens circuits in steps (100, then 300, then 1,000 …) against one running server, each user in a closed loop
/// with think time; measures each level over a window after a warm-up, then the server's memory after a forced
/// GC (the slope between levels is the memory per circuit), and the live-update fan-out.
/// </summary>
public sealed class LoadRunner(LoadOptions options, TextWriter log)
{
    private static readonly string[] Companies = ["getagrip", "kleanit_charlotte", "cts", "kleanit_sf"];

    /// <summary>Who may open which company, and whether the approval queue is theirs (managers and admins).</summary>
    private static readonly Dictionary<string, (string User, bool Approvals)[]> Users = new()
    {
        ["getagrip"] = [("chris.letize", true), ("michele", true), ("mike", true), ("chriso", false), ("mikeyc", false)],
        ["kleanit_charlotte"] = [("walter", true), ("chris.letize", true), ("michele", true), ("mike", true), ("chriso", false), ("mikeyc", false)],
        ["cts"] = [("patrick", true), ("chris.letize", true), ("michele", true), ("mike", true), ("chriso", false), ("mikeyc", false)],
        ["kleanit_sf"] = [("mikeyc", true), ("chris.letize", true), ("michele", true), ("mike", true), ("chriso", false)],
    };

    private sealed class Running(VirtualUser user, string company)
    {
        public VirtualUser User => user;
        public string Company => company;
        public CancellationTokenSource Stop { get; set; } = new();
        public Task Loop { get; set; } = Task.CompletedTask;
    }

    private readonly ConcurrentQueue<StepResult> _results = new();
    private readonly List<Running> _running = [];
    private readonly Dictionary<string, UserSession> _sessions = [];
    private readonly Dictionary<string, CompanyData> _data = [];
    private readonly HttpClient _diag = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task<List<LevelResult>> RunAsync(CancellationToken ct)
    {
        foreach (var c in Companies) _data[c] = await CompanyData.LoadAsync(Conn(c), c, ct: ct);
        foreach (var u in Users.Values.SelectMany(x => x).Select(x => x.User).Distinct())
            _sessions[u] = await UserSession.SignInAsync(options.BaseUri, u, ct: ct);
        var results = new List<LevelResult>();
        var baseline = await ServerAsync(gc: true, ct);
        log.WriteLine($"baseline: RSS {baseline.RssBytes / 1048576.0:0.0} MB, GC heap {baseline.GcHeapBytes / 1048576.0:0.0} MB");
        (int N, ServerSample S) previous = (0, baseline);
        try
        {
            foreach (var n in options.Circuits)
            {
                var level = await LevelAsync(n, previous, ct);
                results.Add(level);
                previous = (n, level.ServerAfterGc);
                if (options.JsonPath is not null) await WriteJsonAsync(results);
            }
        }
        finally
        {
            await StopLoopsAsync();
            log.WriteLine($"closing {_running.Count} circuits");
            await Parallel.ForEachAsync(_running, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (r, _) => await r.User.Circuit.DisposeAsync());
            foreach (var s in _sessions.Values) s.Dispose();
        }
        return results;
    }

    private string Conn(string company) => $"{options.Postgres};Database=fieldkit_{company};Pooling=false";

    private async Task<LevelResult> LevelAsync(int n, (int N, ServerSample S) previous, CancellationToken ct)
    {
        var loadStart = LoadAverage();
        var open = Stopwatch.StartNew();
        var failedOpens = new ConcurrentQueue<string>();
        var toOpen = Enumerable.Range(_running.Count, Math.Max(0, n - _running.Count)).ToList();
        var opened = new ConcurrentBag<Running>();
        await Parallel.ForEachAsync(toOpen, new ParallelOptions { MaxDegreeOfParallelism = options.OpenConcurrency, CancellationToken = ct }, async (i, token) =>
        {
            var company = Companies[i % Companies.Length];
            var who = Users[company][(i / Companies.Length) % Users[company].Length];
            var session = _sessions[who.User];
            try
            {
                // The page load that starts the circuit is not a measured step: an empty day of the board is the cheapest
                // page every role may open (the company home counts every customer and contact on each visit).
                var circuit = await CircuitClient.OpenAsync(session.Http, session.Cookies, $"/{company}/board?date=2000-01-03", TimeSpan.FromSeconds(60), token, options.Deflate);
                var user = new VirtualUser(circuit, _data[company], who.Approvals, new Random(i),
                    new ScenarioOptions { ThinkMs = options.ThinkMs, StepTimeout = TimeSpan.FromSeconds(20) });
                var running = new Running(user, company);
                running.Loop = LoopAsync(running);
                opened.Add(running);
            }
            catch (Exception ex)
            {
                failedOpens.Enqueue($"open: {ex.Message}");
            }
        });
        _running.AddRange(opened);
        open.Stop();
        log.WriteLine($"{n} circuits: opened {opened.Count} in {open.Elapsed.TotalSeconds:0.0} s ({failedOpens.Count} failed); warm-up {options.Warmup.TotalSeconds:0} s");
        await Task.Delay(options.Warmup, ct);

        // The measured window.
        var cpuStart = await ServerAsync(gc: false, ct);
        var clientCpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var windowStart = Stopwatch.GetTimestamp();
        var (maxConnections, pgMax) = (0, 0);
        using (var sampling = new CancellationTokenSource(options.Duration))
        {
            // One connection of its own, opened before the window; a busy server may make a sample late, never the run fail.
            try
            {
                await using var pg = new NpgsqlConnection(Conn("kleanit_charlotte") + ";Timeout=60;Command Timeout=60");
                await pg.OpenAsync(ct);
                await using (var cmd = new NpgsqlCommand("SHOW max_connections", pg)) pgMax = int.Parse((string)(await cmd.ExecuteScalarAsync(ct))!);
                while (!sampling.IsCancellationRequested)
                {
                    await using (var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'", pg))
                        maxConnections = Math.Max(maxConnections, (int)(long)(await cmd.ExecuteScalarAsync(ct))!);
                    try { await Task.Delay(1000, sampling.Token); } catch (OperationCanceledException) { }
                }
            }
            catch (NpgsqlException ex)
            {
                log.WriteLine($"pg_stat_activity sampling failed: {ex.Message}");
                try { await Task.Delay(options.Duration, sampling.Token); } catch (OperationCanceledException) { }
            }
        }
        var windowEnd = Stopwatch.GetTimestamp();
        var seconds = Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds;
        var cpuEnd = await ServerAsync(gc: false, ct);
        var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientCpuStart).TotalMilliseconds;
        var loadEnd = LoadAverage();

        var window = _results.Where(r => r.EndTicks >= windowStart && r.EndTicks <= windowEnd).ToList();
        if (options.StepsCsvPath is not null) await AppendStepsCsvAsync(n, window);
        var ok = window.Where(r => r.Error is null).ToList();
        var errors = window.Where(r => r.Error is not null).Select(r => $"{r.Step}: {Shorten(r.Error!)}").Concat(failedOpens).ToList();
        var debounce = options.SearchDebounce.TotalMilliseconds;
        // The search box asks for a 300 ms pause after typing: the aggregate is net of it, the per-step figures are not.
        var net = ok.Select(r => r.Step is "search" or "clear-search" ? Math.Max(0, r.Ms - debounce) : r.Ms);
        var perStep = ok.GroupBy(r => r.Step).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => Percentiles.Of(g.Select(r => r.Ms)));

        // Fan-out, with the loops stopped and every circuit on its company's customer page.
        FanOutResult? fanOut = null;
        if (options.FanOut)
        {
            await StopLoopsAsync();
            fanOut = await FanOutAsync(ct);
            foreach (var r in _running) r.Loop = LoopAsync(r);
        }

        var after = await ServerAsync(gc: true, ct);
        var added = n - previous.N;
        // A circuit the server dropped is an error of this level; the run goes on with the others.
        var dead = _running.Where(r => r.User.Circuit.Fatal is not null).ToList();
        var fatal = dead.Count == 0 ? null : $"{dead.Count} circuit(s) lost, e.g. {dead[0].User.Circuit.Fatal}";
        errors.AddRange(dead.Select(d => $"circuit lost: {Shorten(d.User.Circuit.Fatal!)}"));
        var result = new LevelResult(n, seconds, ok.Count / seconds, Percentiles.Of(net), perStep, errors.Count,
            errors.GroupBy(e => e).OrderByDescending(g => g.Count()).Take(8).ToDictionary(g => g.Key, g => g.Count()),
            ok.GroupBy(r => r.Step).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => Math.Round(g.Average(r => r.BatchBytes) / 1024.0, 1)),
            after,
            added > 0 ? (after.RssBytes - previous.S.RssBytes) / 1024.0 / added : null,
            added > 0 ? (after.GcHeapBytes - previous.S.GcHeapBytes) / 1024.0 / added : null,
            added > 0 ? (after.RssAfterDecommitBytes - previous.S.RssAfterDecommitBytes) / 1024.0 / added : null,
            (cpuEnd.CpuMs - cpuStart.CpuMs) / (seconds * 1000) * 100, clientCpu / (seconds * 1000) * 100,
            maxConnections, pgMax, open.Elapsed.TotalSeconds, loadStart, loadEnd, fanOut, fatal);
        log.WriteLine(Format.Line(result));
        return result;
    }

    private static string Shorten(string error)
    {
        var first = error.Split('\n')[0];
        // Names and ids vary; the kind of error is what counts.
        return first.Length > 140 ? first[..140] : first;
    }

    private async Task LoopAsync(Running r)
    {
        var ct = r.Stop.Token;
        await Task.Yield();
        // Spread the first steps over one think time so the users do not move in lockstep.
        try { await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * options.ThinkMs), ct); } catch (OperationCanceledException) { return; }
        // The first pass starts at a random step, so the users are spread over the scenario, not only over time.
        var from = Random.Shared.Next(r.User.Steps);
        while (!ct.IsCancellationRequested && r.User.Circuit.Fatal is null)
        {
            try
            {
                await foreach (var step in r.User.RunOnceAsync(from, ct))
                {
                    _results.Enqueue(step);
                    if (ct.IsCancellationRequested) break;
                }
                from = 0;
            }
            catch (OperationCanceledException) { }
        }
    }

    private async Task StopLoopsAsync()
    {
        foreach (var r in _running) r.Stop.Cancel();
        await Task.WhenAll(_running.Select(r => r.Loop));
        foreach (var r in _running) r.Stop = new CancellationTokenSource();
    }

    /// <summary>Every circuit opens one customer of its company; that customer is renamed (one commit per company) and each circuit's render is timed.</summary>
    private async Task<FanOutResult> FanOutAsync(CancellationToken ct)
    {
        var parked = new ConcurrentDictionary<string, ConcurrentBag<CircuitClient>>();
        await Parallel.ForEachAsync(_running.Where(r => r.User.Circuit.Fatal is null), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct }, async (r, _) =>
        {
            var target = _data[r.Company].Sample[0];
            var was = r.User.Circuit.Location;
            try
            {
                // Already there (its last step opened the same customer): the page shows it, and a navigation to the same URL renders nothing.
                if (!r.User.Circuit.Location.EndsWith($"/customers/{target.Id}", StringComparison.Ordinal))
                    await r.User.CustomerAsync(target.Id, target.Name);
                parked.GetOrAdd(r.Company, _ => []).Add(r.User.Circuit);
            }
            catch (CircuitException ex)
            {
                log.WriteLine($"fan-out: a circuit could not open the customer page (it was on {was}): {ex.Message}");
            }
        });
        var results = await Task.WhenAll(parked.Select(async p =>
        {
            var target = _data[p.Key].Sample[0];
            var result = await FanOut.MeasureAsync(p.Value.ToList(), Conn(p.Key), target.Id, TimeSpan.FromSeconds(10), ct);
            // Back to its name, so the scenario's checks of that customer stay right.
            await using var conn = new NpgsqlConnection(Conn(p.Key));
            await conn.OpenAsync(ct);
            await using var restore = new NpgsqlCommand("UPDATE customers SET property_name = @name WHERE id = @id", conn);
            restore.Parameters.AddWithValue("name", target.Name);
            restore.Parameters.AddWithValue("id", target.Id);
            await restore.ExecuteNonQueryAsync(ct);
            return result;
        }));
        var delays = results.SelectMany(r => r.DelaysMs).ToList();
        var fan = new FanOutResult(delays.Count, results.Sum(r => r.Received), Percentiles.Of(delays));
        log.WriteLine($"fan-out: {fan.Received}/{fan.Circuits} circuits got the change; delay p50 {fan.DelayMs.P50:0} ms, p95 {fan.DelayMs.P95:0} ms, max {fan.DelayMs.Max:0} ms");
        return fan;
    }

    /// <summary>The server's own figures from its loopback-only diagnostics endpoint (FieldKit:LoadDiagnostics=true).</summary>
    private async Task<ServerSample> ServerAsync(bool gc, CancellationToken ct)
    {
        using var response = await _diag.PostAsync(new Uri(options.BaseUri, gc ? "metrics/process?gc=true" : "metrics/process"), null, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ServerSample>(new JsonSerializerOptions(JsonSerializerDefaults.Web), ct))!;
    }

    private static double LoadAverage()
    {
        try { return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture); }
        catch (IOException) { return double.NaN; }
    }

    private async Task AppendStepsCsvAsync(int circuits, List<StepResult> window)
    {
        var path = Path.GetFullPath(options.StepsCsvPath!);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Stopwatch ticks to wall-clock time, from one pair read now.
        var (nowTicks, nowUtc) = (Stopwatch.GetTimestamp(), DateTime.UtcNow);
        var lines = window.OrderBy(r => r.EndTicks).Select(r =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{nowUtc - Stopwatch.GetElapsedTime(r.EndTicks, nowTicks):HH:mm:ss.fff},{circuits},{r.Step},{r.Ms:0.0},{(r.Error is null ? "" : "error")}"));
        if (!File.Exists(path)) await File.WriteAllTextAsync(path, "ended_utc,circuits,step,ms,error\n");
        await File.AppendAllLinesAsync(path, lines);
    }

    private async Task WriteJsonAsync(List<LevelResult> results)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.JsonPath!))!);
        await File.WriteAllTextAsync(options.JsonPath!, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
    }
}

public static class Format
{
    public static string Line(LevelResult r) =>
        $"{r.Circuits} circuits: {r.StepsPerSecond:0.0} steps/s, p50 {r.Steps.P50:0.0} ms, p95 {r.Steps.P95:0.0} ms, p99 {r.Steps.P99:0.0} ms, " +
        $"errors {r.Errors}, server CPU {r.ServerCpuPercent:0}% ({r.ServerCpuMsPerStep:0.0} ms/step), client CPU {r.ClientCpuPercent:0}%, RSS {r.ServerAfterGc.RssBytes / 1048576.0:0} MB " +
        $"({r.MemoryPerCircuitKb:0} KB/circuit; {r.ServerAfterGc.RssAfterDecommitBytes / 1048576.0:0} MB, {r.DecommittedMemoryPerCircuitKb:0} KB/circuit once the GC returned its empty regions), GC heap {r.ServerAfterGc.GcHeapBytes / 1048576.0:0} MB ({r.GcHeapPerCircuitKb:0} KB/circuit), " +
        $"PG connections max {r.PgConnectionsMax}/{r.PgMaxConnections}, load {r.LoadAverageStart:0.0}→{r.LoadAverageEnd:0.0}";

    public static string Table(IReadOnlyList<LevelResult> results)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("| circuits | steps/s | p50 ms | p95 ms | p99 ms | errors | server CPU (ms per step) | RSS after GC (per extra circuit) | RSS after GC returned empty regions (per extra circuit) | GC heap (per extra circuit) | PG connections (max / limit) | fan-out p50 / p95 / max ms | load avg |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
            sb.AppendLine($"| {r.Circuits} | {r.StepsPerSecond:0.0} | {r.Steps.P50:0.0} | {r.Steps.P95:0.0} | {r.Steps.P99:0.0} | {r.Errors} | {r.ServerCpuPercent:0}% ({r.ServerCpuMsPerStep:0.0}) | " +
                          $"{r.ServerAfterGc.RssBytes / 1048576.0:0} MB ({r.MemoryPerCircuitKb:0} KB) | {r.ServerAfterGc.RssAfterDecommitBytes / 1048576.0:0} MB ({r.DecommittedMemoryPerCircuitKb:0} KB) | {r.ServerAfterGc.GcHeapBytes / 1048576.0:0} MB ({r.GcHeapPerCircuitKb:0} KB) | " +
                          $"{r.PgConnectionsMax} / {r.PgMaxConnections} | " +
                          (r.FanOut is { } f ? $"{f.DelayMs.P50:0} / {f.DelayMs.P95:0} / {f.DelayMs.Max:0} ({f.Received}/{f.Circuits})" : "—") +
                          $" | {r.LoadAverageStart:0.0}→{r.LoadAverageEnd:0.0} |");
        sb.AppendLine();
        sb.AppendLine("Per step (ms, raw; search and clear-search include the search box's 300 ms debounce):");
        sb.AppendLine();
        var steps = results.SelectMany(r => r.PerStep.Keys).Distinct().OrderBy(s => s).ToList();
        sb.AppendLine("| circuits | " + string.Join(" | ", steps.Select(s => $"{s} p50/p95/p99"))+ " |");
        sb.AppendLine("|---|" + string.Concat(steps.Select(_ => "---|")));
        foreach (var r in results)
            sb.AppendLine($"| {r.Circuits} | " + string.Join(" | ", steps.Select(s => r.PerStep.TryGetValue(s, out var p) ? $"{p.P50:0}/{p.P95:0}/{p.P99:0}" : "—")) + " |");
        sb.AppendLine();
        foreach (var r in results)
            sb.AppendLine($"Render batch KB received per step at {r.Circuits}: " + string.Join(", ", r.BatchKbPerStep.Select(kv => $"{kv.Key} {kv.Value:0.#}")));
        foreach (var r in results.Where(r => r.ErrorSamples.Count > 0))
        {
            sb.AppendLine();
            sb.AppendLine($"Errors at {r.Circuits}: " + string.Join("; ", r.ErrorSamples.Select(e => $"{e.Value}× {e.Key}")));
        }
        return sb.ToString();
    }
}
