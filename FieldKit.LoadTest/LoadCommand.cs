namespace FieldKit.LoadTest;

public static class LoadCommand
{
    public static async Task<int> MainAsync(string[] args)
    {
        var url = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:5090");
        var pg = args.Length > 1 ? args[1] : "Host=127.0.0.1;Port=55500;Username=fieldkit;Password=fieldkit-local";
        var data = await CompanyData.LoadAsync(pg + ";Database=fieldkit_kleanit_charlotte", "kleanit_charlotte");
        using var session = await UserSession.SignInAsync(url, "walter");
        await using var circuit = await CircuitClient.OpenAsync(session.Http, session.Cookies, "/kleanit_charlotte", TimeSpan.FromSeconds(20));
        Console.WriteLine($"circuit {circuit.CircuitId?[..8]} batches {circuit.BatchesReceived}");
        var user = new VirtualUser(circuit, data, true, new Random(1), new ScenarioOptions { ThinkMs = 200 });
        await foreach (var step in user.RunOnceAsync())
            Console.WriteLine($"{step.Step,-15} {step.Ms,8:0.0} ms {step.Error}");
        foreach (var (k, v) in circuit.JsCalls) Console.WriteLine($"  js {k} x{v}");
        return 0;
    }
}
