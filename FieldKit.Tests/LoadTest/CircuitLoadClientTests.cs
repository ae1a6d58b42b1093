using FieldKit.LoadTest;
using FieldKit.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FieldKit.Tests.LoadTest;

/// <summary>
/// The load tool's protocol handling against the real app (Kestrel, test cluster): a framework or MudBlazor
/// upgrade that changes the circuit protocol, the render batch format or the JS calls at start breaks these.
/// The benchmark itself is `./fieldkit load`, not a test.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class CircuitLoadClientTests(DataFixture fx, AppFixture app) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly ScenarioOptions NoThinking = new() { ThinkMs = 0, StepTimeout = Timeout };

    public Task InitializeAsync() => fx.ResetToDemoAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private Uri Base => new(app.App.BaseAddress + "/");

    private static Task<CompanyData> DataAsync(string company) =>
        CompanyData.LoadAsync(TestConfiguration.ConnectionString($"fieldkit_{company}"), company, sample: 20);

    [Fact]
    public async Task A_manager_circuit_runs_every_step_of_the_scenario_with_the_expected_renders()
    {
        using var walter = await UserSession.SignInAsync(Base, "walter");
        var data = await DataAsync("kleanit_charlotte");
        await using var circuit = await CircuitClient.OpenAsync(walter.Http, walter.Cookies, "/kleanit_charlotte", Timeout);
        var user = new VirtualUser(circuit, data, approvals: true, new Random(7), NoThinking);

        var steps = new List<StepResult>();
        await foreach (var step in user.RunOnceAsync()) steps.Add(step);

        Assert.Equal(["list", "search", "clear-search", "customer", "board", "board-next", "board-previous", "approvals"], steps.Select(s => s.Step));
        Assert.All(steps, s => Assert.True(s.Error is null, $"{s.Step}: {s.Error}"));
        Assert.Null(circuit.Fatal);
        // MudBlazor's start-up calls were answered (unanswered ones would hang the renders above for a minute).
        Assert.Contains("Blazor._internal.attachWebRendererInterop", circuit.JsCalls.Keys);
        Assert.True(circuit.JsCallsAnswered > 0);
        // The search is typed into a MudTextField with a 300 ms debounce: a faster "result" would be the input's own echo.
        Assert.True(steps.Single(s => s.Step == "search").Ms >= 300, "the search result came before the debounce had elapsed");
    }

    [Theory]
    [InlineData(2, new[] { "list", "search", "clear-search", "customer", "board", "board-next", "board-previous", "approvals" })]
    [InlineData(3, new[] { "customer", "board", "board-next", "board-previous", "approvals" })]
    [InlineData(6, new[] { "board", "board-previous", "approvals" })]
    [InlineData(7, new[] { "approvals" })]
    public async Task A_pass_started_part_way_runs_what_its_first_step_needs_then_the_rest(int from, string[] expected)
    {
        using var walter = await UserSession.SignInAsync(Base, "walter");
        var data = await DataAsync("kleanit_charlotte");
        // Where the runner opens its circuits: an empty day of the board.
        await using var circuit = await CircuitClient.OpenAsync(walter.Http, walter.Cookies, "/kleanit_charlotte/board?date=2000-01-03", Timeout);
        var user = new VirtualUser(circuit, data, approvals: true, new Random(from), NoThinking);

        var steps = new List<StepResult>();
        await foreach (var step in user.RunOnceAsync(from)) steps.Add(step);

        Assert.Equal(expected, steps.Select(s => s.Step));
        Assert.All(steps, s => Assert.True(s.Error is null, $"{s.Step}: {s.Error}"));
    }

    [Fact]
    public async Task A_pass_starting_at_the_customer_page_does_not_pick_the_customer_already_shown()
    {
        // After the fan-out every circuit is parked on one customer's page and its next pass may start at the
        // customer step: a navigation to the page already shown renders nothing, so that customer is never picked.
        using var walter = await UserSession.SignInAsync(Base, "walter");
        var data = await CompanyData.LoadAsync(TestConfiguration.ConnectionString("fieldkit_kleanit_charlotte"), "kleanit_charlotte", sample: 2);
        await using var circuit = await CircuitClient.OpenAsync(walter.Http, walter.Cookies, "/kleanit_charlotte/board?date=2000-01-03", Timeout);
        for (var seed = 0; seed < 4; seed++)
        {
            var user = new VirtualUser(circuit, data, approvals: false, new Random(seed), NoThinking with { StepTimeout = TimeSpan.FromSeconds(5) });
            await user.CustomerAsync(data.Sample[0].Id, data.Sample[0].Name);

            var first = await user.RunOnceAsync(from: 3).FirstAsync();

            Assert.Equal("customer", first.Step);
            Assert.True(first.Error is null, $"seed {seed}: {first.Error}");
        }
    }

    [Fact]
    public async Task A_missing_render_is_an_error_not_a_fast_step()
    {
        using var mike = await UserSession.SignInAsync(Base, "mike");
        var data = await DataAsync("cts");
        await using var circuit = await CircuitClient.OpenAsync(mike.Http, mike.Cookies, "/cts", Timeout);
        var user = new VirtualUser(circuit, data, approvals: true, new Random(1), NoThinking with { StepTimeout = TimeSpan.FromSeconds(3) });

        // A customer id that does not exist: the page says "not found", never the name the step waits for.
        var error = await Assert.ThrowsAsync<CircuitException>(() => user.CustomerAsync(int.MaxValue, data.Sample[0].Name));
        Assert.Contains("customer", error.Message);
        // The circuit itself is still healthy and the next step works.
        await user.CustomerAsync(data.Sample[0].Id, data.Sample[0].Name);
        Assert.Null(circuit.Fatal);
    }

    [Fact]
    public async Task The_remembered_search_the_list_opens_with_is_known_to_the_client()
    {
        // Another tab of walter's searched last: the list renders first with an empty box, then sets the remembered
        // search by an edit. The client must see that value, or it may type the same search, which renders nothing.
        var data = await DataAsync("kleanit_charlotte");
        var (id, name) = data.Sample[0];
        var filter = System.Text.Json.JsonSerializer.Serialize(new { Search = name });
        await using (var core = fx.Core())
            await core.Database.ExecuteSqlAsync($"""
                INSERT INTO user_preferences (user_id, key, value, updated_at)
                SELECT id, 'customer_filter:kleanit_charlotte', {filter}, now() FROM users WHERE username = 'walter'
                ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value
                """);
        using var walter = await UserSession.SignInAsync(Base, "walter");
        await using var circuit = await CircuitClient.OpenAsync(walter.Http, walter.Cookies, "/kleanit_charlotte", Timeout);
        var user = new VirtualUser(circuit, data, approvals: false, new Random(1), NoThinking);

        await user.ListAsync();

        Assert.Equal(name, circuit.Input(VirtualUser.SearchPlaceholder)?.Attr("value"));
        // Whatever the random pick, the next pass (from another page, as the scenario's passes are) searches for
        // something else, and every step renders.
        await user.BoardAsync();
        var steps = new List<StepResult>();
        await foreach (var step in user.RunOnceAsync()) steps.Add(step);
        Assert.All(steps, s => Assert.True(s.Error is null, $"{s.Step}: {s.Error}"));
    }

    [Fact]
    public async Task Circuits_of_several_users_and_companies_run_side_by_side_and_are_released_on_dispose()
    {
        var plan = new (string User, string Company, bool Approvals)[] { ("chriso", "cts", false), ("patrick", "cts", true), ("mikeyc", "kleanit_sf", true) };
        var results = await Task.WhenAll(plan.Select(async p =>
        {
            using var session = await UserSession.SignInAsync(Base, p.User);
            var data = await DataAsync(p.Company);
            await using var circuit = await CircuitClient.OpenAsync(session.Http, session.Cookies, $"/{p.Company}", Timeout);
            var user = new VirtualUser(circuit, data, p.Approvals, new Random(p.User.Length), NoThinking);
            var steps = new List<StepResult>();
            await foreach (var step in user.RunOnceAsync()) steps.Add(step);
            return (p.User, Steps: steps, circuit.Fatal);
        }));
        foreach (var (user, steps, fatal) in results)
        {
            Assert.Null(fatal);
            Assert.All(steps, s => Assert.True(s.Error is null, $"{user} {s.Step}: {s.Error}"));
        }
    }

    [Fact]
    public async Task A_committed_change_reaches_every_circuit_showing_the_customer()
    {
        int id;
        string name;
        await using (var db = fx.Company("kleanit_charlotte"))
            (id, name) = await db.Customers.OrderBy(c => c.Id).Select(c => new ValueTuple<int, string>(c.Id, c.PropertyName)).FirstAsync();
        var sessions = new[] { await UserSession.SignInAsync(Base, "walter"), await UserSession.SignInAsync(Base, "michele") };
        var circuits = new List<CircuitClient>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var s = sessions[i % 2];
                var circuit = await CircuitClient.OpenAsync(s.Http, s.Cookies, "/kleanit_charlotte", Timeout);
                circuits.Add(circuit);
                var data = new CompanyData("kleanit_charlotte", [], [(id, name)]);
                await new VirtualUser(circuit, data, false, new Random(i), NoThinking).CustomerAsync(id, name);
            }

            var result = await FanOut.MeasureAsync(circuits, TestConfiguration.ConnectionString("fieldkit_kleanit_charlotte"), id, Timeout);

            Assert.Equal(4, result.Received);
            Assert.All(result.DelaysMs, d => Assert.InRange(d, 0, Timeout.TotalMilliseconds));
        }
        finally
        {
            foreach (var c in circuits) await c.DisposeAsync();
            foreach (var s in sessions) s.Dispose();
        }
    }
}
