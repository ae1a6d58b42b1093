using System.Globalization;

namespace FieldKit.LoadTest;

/// <summary>
/// fieldkit-load --url http://127.0.0.1:5090 --pg "Host=127.0.0.1;Port=55500;Username=fieldkit;Password=…"
///   [--circuits 100,300,1000] [--duration 60] [--warmup 20] [--think-ms 2000] [--json path] [--steps-csv path] [--no-fanout] [--no-deflate]
/// The server must run with FieldKit:LoadDiagnostics=true (loopback-only /metrics/process) and the demo data.
/// </summary>
public static class LoadCommand
{
    public static async Task<int> MainAsync(string[] args)
    {
        string Arg(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine("usage: FieldKit.LoadTest --url URL --pg \"Host=…;Port=…;Username=…;Password=…\" [--circuits 100,300,1000] [--duration S] [--warmup S] [--think-ms MS] [--json PATH] [--steps-csv PATH] [--no-fanout] [--no-deflate]  |  --browsers N [--passes K]: N Chromium contexts instead of headless circuits");
            return 0;
        }
        var url = Arg("--url", "http://127.0.0.1:5090");
        var options = new LoadOptions
        {
            BaseUri = new Uri(url.TrimEnd('/') + "/"),
            Postgres = Arg("--pg", "Host=127.0.0.1;Port=55500;Username=fieldkit;Password=fieldkit-local"),
            Circuits = Arg("--circuits", "100,300,1000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(),
            Duration = TimeSpan.FromSeconds(double.Parse(Arg("--duration", "60"), CultureInfo.InvariantCulture)),
            Warmup = TimeSpan.FromSeconds(double.Parse(Arg("--warmup", "20"), CultureInfo.InvariantCulture)),
            ThinkMs = double.Parse(Arg("--think-ms", "2000"), CultureInfo.InvariantCulture),
            JsonPath = Arg("--json", "") is { Length: > 0 } j ? j : null,
            StepsCsvPath = Arg("--steps-csv", "") is { Length: > 0 } csv ? csv : null,
            FanOut = !args.Contains("--no-fanout"),
            Deflate = !args.Contains("--no-deflate"),
        };
        if (Arg("--browsers", "") is { Length: > 0 } browsers)
        {
            var data = new Dictionary<string, CompanyData>();
            foreach (var c in new[] { "getagrip", "kleanit_charlotte", "cts", "kleanit_sf" })
                data[c] = await CompanyData.LoadAsync($"{options.Postgres};Database=fieldkit_{c}", c);
            var smoke = await BrowserSmoke.RunAsync(options.BaseUri, int.Parse(browsers, CultureInfo.InvariantCulture),
                int.Parse(Arg("--passes", "3"), CultureInfo.InvariantCulture), data, Console.Out);
            if (options.JsonPath is not null)
                await File.WriteAllTextAsync(options.JsonPath, System.Text.Json.JsonSerializer.Serialize(smoke, new System.Text.Json.JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
            return smoke.Errors == 0 ? 0 : 1;
        }
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        var results = await new LoadRunner(options, Console.Out).RunAsync(cts.Token);
        Console.WriteLine();
        Console.WriteLine(Format.Table(results));
        return results.Count == options.Circuits.Count ? 0 : 1;
    }
}
