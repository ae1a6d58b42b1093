using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Npgsql;

namespace FieldKit.LoadTest;

/// <summary>A signed-in demo user: one cookie, shared by all of that user's circuits (tabs).</summary>
public sealed partial class UserSession : IDisposable
{
    public const string DemoPassword = "fieldkit-demo-2026";

    public required string Username { get; init; }
    public required HttpClient Http { get; init; }
    public required CookieContainer Cookies { get; init; }

    /// <summary>Posts the static sign-in form with its antiforgery token, as a browser does.</summary>
    public static async Task<UserSession> SignInAsync(Uri baseUri, string username, string password = DemoPassword, CancellationToken ct = default)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false, MaxConnectionsPerServer = 64,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        })
        { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
        var html = await http.GetStringAsync("/account/login", ct);
        var token = TokenPattern().Match(html).Groups[1].Value;
        if (token.Length == 0) throw new CircuitException("No antiforgery token on /account/login.");
        using var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Username"] = username,
            ["Input.Password"] = password,
        }), ct);
        // Outside Development the auth cookie is Secure (TLS is nginx's), which a cookie container never sends over
        // plain http to a loopback app: keep the value without the flag, as a browser behind the proxy would send it.
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            foreach (var header in setCookies.Where(h => h.Contains("secure", StringComparison.OrdinalIgnoreCase)))
            {
                var pair = header.Split(';')[0];
                var eq = pair.IndexOf('=');
                if (eq > 0) cookies.Add(new Cookie(pair[..eq].Trim(), pair[(eq + 1)..].Trim(), "/", baseUri.Host));
            }
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
            || cookies.GetCookies(baseUri).All(c => !c.Name.StartsWith("fieldkit.auth", StringComparison.Ordinal)))
        {
            http.Dispose();
            throw new CircuitException($"Sign-in as {username} failed ({(int)response.StatusCode}).");
        }
        return new UserSession { Username = username, Http = http, Cookies = cookies };
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>What the scenario needs to know about a company to check renders: the first page of the list and names to search.</summary>
public sealed record CompanyData(string Code, IReadOnlyList<string> FirstPage, IReadOnlyList<(int Id, string Name)> Sample)
{
    /// <summary>Reads the list's first page (as the grid sorts it: name, then id) and a random sample of other customers.</summary>
    public static async Task<CompanyData> LoadAsync(string connectionString, string code, int sample = 200, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        var first = new List<string>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT property_name FROM customers WHERE deleted_at IS NULL ORDER BY property_name, id LIMIT 25", conn))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) first.Add(r.GetString(0));
        var rows = new List<(int, string)>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT id, property_name FROM customers TABLESAMPLE SYSTEM_ROWS(@n) WHERE deleted_at IS NULL", conn))
        {
            cmd.Parameters.AddWithValue("n", sample * 4);
            try
            {
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) rows.Add((r.GetInt32(0), r.GetString(1)));
            }
            catch (PostgresException)
            {
                rows.Clear();   // tsm_system_rows is not installed: take a plain random sample
            }
        }
        if (rows.Count == 0)
        {
            await using var cmd = new NpgsqlCommand(
                "SELECT id, property_name FROM customers WHERE deleted_at IS NULL ORDER BY random() LIMIT @n", conn);
            cmd.Parameters.AddWithValue("n", sample * 4);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) rows.Add((r.GetInt32(0), r.GetString(1)));
        }
        // Names to search: not on the first page, so the search's render is a change the client can see.
        var firstSet = first.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var picks = rows.Where(r => !firstSet.Contains(r.Item2) && r.Item2.Length >= 4).Take(sample).ToList();
        if (picks.Count == 0) throw new InvalidOperationException($"{code}: no customers to search for.");
        return new CompanyData(code, first, picks);
    }
}

/// <summary>One measured step.</summary>
public readonly record struct StepResult(string Step, double Ms, string? Error, long EndTicks, long BatchBytes = 0);

/// <summary>
/// One simulated user in one circuit, in a closed loop: the customer list, a search (typed into the MudTextField,
/// so its 300 ms debounce is part of what the user waits for), clearing it, a customer page, the board and its
/// next/previous day buttons, and (managers and admins) the approval queue. Each step ends only when a render
/// with the expected content has arrived; anything else is an error, never a fast response.
/// </summary>
public sealed class VirtualUser(CircuitClient circuit, CompanyData company, bool approvals, Random random, ScenarioOptions options)
{
    public const string SearchPlaceholder = "Search name, address, ZIP, contact, phone or email";
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    public CircuitClient Circuit => circuit;
    private string C => company.Code;
    private TimeSpan Timeout => options.StepTimeout;

    /// <summary>The steps of one pass (<see cref="Steps"/> of them for a manager); the approval queue is a manager's last.</summary>
    public int Steps => approvals ? 8 : 7;

    /// <summary>
    /// The steps of one pass, in order; each returns its own result (errors included). A pass may start at step
    /// <paramref name="from"/> (the runner starts each user's first pass at a random step, so a window sees the
    /// scenario's steady mix rather than the same few steps in every circuit); the steps a later one needs (the
    /// list before a search, the search before clearing it, the board before next and previous) then run first,
    /// without thinking.
    /// </summary>
    public async IAsyncEnumerable<StepResult> RunOnceAsync(int from = 0, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        // Thinks first when in the pass; runs at once when only needed by where the pass starts.
        Task<StepResult> Step(int index, string name, Func<Task> action) =>
            index >= from ? Think(ct, name, action) : Measure(name, action);

        if (from is 0 or 1 or 2) yield return await Measure("list", ListAsync);
        // The list opens with the user's remembered filter, which any of that user's circuits may have saved (here
        // one demo user has many tabs): a search whose rows are already shown (the same search, or one the shown
        // search's rows include) changes nothing and renders nothing.
        // A pass that starts at the customer page may find the circuit already there (parked by the fan-out): a
        // navigation to the page shown renders nothing either.
        var shown = circuit.Input(SearchPlaceholder)?.Attr("value");
        bool Shown((int Id, string Name) c) =>
            (!string.IsNullOrEmpty(shown) && c.Name.Contains(shown, StringComparison.OrdinalIgnoreCase))
            || circuit.Location.EndsWith($"/customers/{c.Id}", StringComparison.Ordinal);
        var pick = random.Next(company.Sample.Count);
        for (var tries = 0; tries < company.Sample.Count && Shown(company.Sample[pick]); tries++)
            pick = (pick + 1) % company.Sample.Count;
        var target = company.Sample[pick];
        if (from <= 2) yield return await Step(1, "search", () => SearchAsync(target.Id, target.Name));
        if (from <= 2) yield return await Step(2, "clear-search", () => ClearSearchAsync(target.Name));
        if (from <= 3) yield return await Step(3, "customer", () => CustomerAsync(target.Id, target.Name));
        if (from <= 6) yield return await Step(4, "board", BoardAsync);
        if (from <= 5) yield return await Step(5, "board-next", () => BoardShiftAsync(+1));
        if (from <= 6) yield return await Step(6, "board-previous", () => BoardShiftAsync(-1));
        if (approvals) yield return await Step(7, "approvals", ApprovalsAsync);
        if (!ct.IsCancellationRequested) await Task.Delay(ThinkTime(), ct).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private TimeSpan ThinkTime() =>
        TimeSpan.FromMilliseconds(options.ThinkMs * (0.5 + random.NextDouble()));

    private async Task<StepResult> Think(CancellationToken ct, string step, Func<Task> action)
    {
        try { await Task.Delay(ThinkTime(), ct); }
        catch (OperationCanceledException) { }
        return await Measure(step, action);
    }

    private async Task<StepResult> Measure(string step, Func<Task> action)
    {
        var start = Stopwatch.GetTimestamp();
        var bytes = circuit.BatchBytes;
        try
        {
            await action();
            return new StepResult(step, Stopwatch.GetElapsedTime(start).TotalMilliseconds, null, Stopwatch.GetTimestamp(), circuit.BatchBytes - bytes);
        }
        catch (Exception ex)
        {
            return new StepResult(step, Stopwatch.GetElapsedTime(start).TotalMilliseconds,
                ex is CircuitException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}", Stopwatch.GetTimestamp());
        }
    }

    private static bool HasTestId(RenderBatch b, string testId) => b.Find("data-testid", testId) is not null;

    /// <summary>The list: rows (customer links) rendered by the grid after it loads its page.</summary>
    public async Task ListAsync()
    {
        var rows = circuit.WaitForAsync(b => HasTestId(b, "customer-link"), Timeout, "customer rows");
        await circuit.NavigateAsync($"/{C}/customers");
        await rows;
    }

    /// <summary>Types a customer's name into the search box; done when the grid shows it.</summary>
    public async Task SearchAsync(int id, string name)
    {
        var input = circuit.Input(SearchPlaceholder) ?? throw new CircuitException("the customer search box has not been rendered");
        // The row's link, not the name: the input's own re-render echoes the typed name at once.
        var link = $"/{C}/customers/{id}";
        var found = circuit.WaitForAsync(b => b.Contains(link), Timeout, $"the search result \"{name}\" ({link})");
        await circuit.InputAsync(input, name, Timeout);
        await found;
    }

    /// <summary>Empties the search box; done when the first page is back (a first-page name the search did not show).</summary>
    public async Task ClearSearchAsync(string searched)
    {
        var input = circuit.Input(SearchPlaceholder) ?? throw new CircuitException("the customer search box has not been rendered");
        var marker = company.FirstPage.FirstOrDefault(n => !n.Contains(searched, StringComparison.OrdinalIgnoreCase)
                                                         && !searched.Contains(n, StringComparison.OrdinalIgnoreCase))
                     ?? throw new CircuitException("no first-page name to check the cleared list by");
        var back = circuit.WaitForAsync(b => b.Contains(marker), Timeout, $"the first page again (\"{marker}\")");
        await circuit.InputAsync(input, "", Timeout);
        await back;
    }

    /// <summary>A customer's page: its name in the heading.</summary>
    public async Task CustomerAsync(int id, string name)
    {
        // From another customer's page the page component stays and only the changed text is sent, not the element
        // with its test id (the fan-out parks circuits that way; the scenario's own step comes from the list).
        var fromCustomer = circuit.Location.Contains($"/{C}/customers/", StringComparison.Ordinal);
        var page = circuit.WaitForAsync(b => b.Find("data-testid", "customer-name")?.Text == name || (fromCustomer && b.Contains(name)),
            Timeout, $"customer {id}'s name");
        await circuit.NavigateAsync($"/{C}/customers/{id}");
        await page;
    }

    /// <summary>
    /// The board opens on today in the companies' time zone: done when that day's title and its jobs (the count)
    /// have been rendered. (The title element is first rendered before the page knows its day, so its text is
    /// matched in the batches rather than read from the element.)
    /// </summary>
    public async Task BoardAsync()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, options.TimeZone).DateTime);
        var expected = today.ToString("dddd, MMMM d, yyyy", Us);
        var sawTitle = false;   // the title and the jobs come in one batch or in two, in that order
        // From another page the board's elements are new in the batches. From the board on another day (where the
        // runner opens circuits) only their text changes: as for next and previous, the new title, then the jobs.
        var loaded = new Uri(circuit.Location).AbsolutePath == $"/{C}/board"
            ? circuit.WaitForSequenceAsync([b => b.Contains(expected), _ => true], Timeout, $"the board of {expected}")
            : circuit.WaitForAsync(b =>
            {
                sawTitle |= b.Contains(expected);
                return sawTitle && (HasTestId(b, "board-count") || HasTestId(b, "board-empty"));
            }, Timeout, $"the board of {expected}");
        await circuit.NavigateAsync($"/{C}/board");
        await loaded;
        _boardDay = today;
    }

    private DateOnly? _boardDay;

    /// <summary>
    /// Next or previous day: the button navigates (?date=); the page renders the new day's title at once and
    /// the jobs once loaded, so the step waits for the title and then for the render that follows it.
    /// </summary>
    public async Task BoardShiftAsync(int days)
    {
        var day = _boardDay ?? throw new CircuitException("the board has not been opened");
        var expected = day.AddDays(days).ToString("dddd, MMMM d, yyyy", Us);
        var shown = circuit.WaitForSequenceAsync([b => b.Contains(expected), _ => true], Timeout, $"the board of {expected}");
        await circuit.ClickAsync(days > 0 ? "board-next" : "board-previous", Timeout);
        await shown;
        _boardDay = day.AddDays(days);
    }

    /// <summary>The approval queue (managers and admins): its items, or "Nothing waiting".</summary>
    public async Task ApprovalsAsync()
    {
        var queue = circuit.WaitForAsync(b => HasTestId(b, "queue-empty") || HasTestId(b, "approval-item"), Timeout, "the approval queue");
        await circuit.NavigateAsync($"/{C}/approvals");
        await queue;
    }
}

public sealed record ScenarioOptions
{
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>Mean think time between steps (uniform ±50%).</summary>
    public double ThinkMs { get; init; } = 2000;
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
}
