using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FieldKit.Data.Company;
using FieldKit.Data.Core;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Customers;
using FieldKit.Domain.Entities;
using FieldKit.Domain.Security;
using FieldKit.Web.Features.Account;
using FieldKit.Web.Features.Board;
using FieldKit.Web.Features.Customers;
using FieldKit.Web.Features.Jobs;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace FieldKit.Web.Features.Operations;

/// <summary>
/// `FieldKit.Web bench [company] [iterations]`: the customer list, search and customer-page queries, and
/// (when the scale jobs are there) the schedule board, jobs list and customer jobs section, on the scale
/// data, each beside the very same SQL replayed through plain Npgsql (the floor), then a full server render
/// of the customer list page over HTTP. A benchmark, not a test: it prints figures and writes them to
/// artifacts/bench-scale.json.
/// </summary>
public static partial class ScaleBench
{
    public const string DefaultCompany = "kleanit_charlotte";
    public const int DefaultIterations = 200;
    public const int WarmUp = 20;
    public const int MinimumCustomers = 50_000;
    public const double QueryP95GoalMs = 20;
    /// <summary>Jobs goal (issue 5): the board day, jobs list and customer jobs section p95 under 50 ms.</summary>
    public const double JobQueryP95GoalMs = 50;
    /// <summary>Job cases run only on the scale jobs (`seed-scale` adds 912,500: five years at 500 a day).</summary>
    public const int MinimumJobs = 500_000;
    public const double RatioGoal = 1.5;
    public const double RenderP95GoalMs = 50;
    public const string ResultPath = "artifacts/bench-scale.json";

    private const string Actor = "system:bench";

    public static async Task<int> RunAsync(WebApplication app, string[] args, CancellationToken ct)
    {
        var company = args.Length > 1 ? args[1] : DefaultCompany;
        var iterations = args.Length > 2 && int.TryParse(args[2], out var n) && n > 0 ? n : DefaultIterations;
        var sp = app.Services;
        var catalogue = sp.GetRequiredService<CompanyCatalogue>();
        if (catalogue.Find(company) is not { } info)
        {
            Console.Error.WriteLine($"bench: unknown company '{company}' (known: {string.Join(", ", catalogue.All.Select(c => c.Code))}).");
            return 1;
        }
        var factory = sp.GetRequiredService<CompanyDbContextFactory>();

        List<int> ids;
        await using (var db = factory.Create(company, Actor))
            ids = await db.Customers.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        if (ids.Count < MinimumCustomers)
        {
            Console.Error.WriteLine($"Run ./fieldkit seed-scale first ({ids.Count.ToString("N0", CultureInfo.InvariantCulture)} customers found).");
            return 1;
        }

        var inputs = await PickInputsAsync(factory, company, ids, WarmUp + iterations, ct);
        var connection = new NpgsqlConnectionStringBuilder(info.ConnectionString);
        Console.WriteLine($"bench: {company} ({connection.Host}:{connection.Port}/{connection.Database}), " +
                          $"{ids.Count.ToString("N0", CultureInfo.InvariantCulture)} customers, {iterations} iterations after {WarmUp} warm-up");
        var loadBefore = LoadAverage();
        Console.WriteLine($"  machine: {Environment.ProcessorCount} CPUs, load average {loadBefore ?? "n/a"}");
        Console.WriteLine($"  search terms: name \"{inputs.NameWord}\", contact last name \"{inputs.LastName}\", phone digits \"{inputs.PhoneDigits}\"");

        var cases = new List<QueryCase>
        {
            new("list page (name, page 1)", false, (db, _, c) => CustomerService.ListAsync(db, new CustomerListQuery(), c)),
            new("list page (city, page 100)", false, (db, _, c) => CustomerService.ListAsync(db,
                new CustomerListQuery { SortBy = nameof(CustomerListRow.City), Page = 99 }, c)),
            new($"search name \"{inputs.NameWord}\"", false, (db, _, c) => CustomerService.ListAsync(db,
                new CustomerListQuery { Search = inputs.NameWord }, c)),
            new($"search contact \"{inputs.LastName}\"", false, (db, _, c) => CustomerService.ListAsync(db,
                new CustomerListQuery { Search = inputs.LastName }, c)),
            new($"search phone \"{inputs.PhoneDigits}\"", false, (db, _, c) => CustomerService.ListAsync(db,
                new CustomerListQuery { Search = inputs.PhoneDigits }, c)),
            new("customer page (random id)", true, (db, i, c) => CustomerService.GetAsync(db, inputs.PageIds[i], c)),
        };

        if (await JobCasesAsync(sp, factory, company, ct) is { } jobCases) cases.AddRange(jobCases);
        else Console.WriteLine($"  (no job cases: fewer than {MinimumJobs:N0} jobs; run ./fieldkit seed-scale 0 {company})");

        var results = new List<CaseResult>();
        await using (var dataSource = NpgsqlDataSource.Create(info.ConnectionString))
        {
            foreach (var q in cases)
            {
                var result = await RunCaseAsync(factory, company, info.ConnectionString, dataSource, q, iterations, ct);
                results.Add(result);
                Console.WriteLine($"  {q.Name,-34} EF p95 {result.Ef.P95,7:F2} ms   raw p95 {result.Raw.P95,7:F2} ms   {result.Goal}");
            }
        }

        RenderResult render;
        var renderFailed = false;
        try
        {
            render = await RunRenderAsync(app, company, iterations, ct);
            Console.WriteLine($"  {"list page, full server render",-34} p95 {render.Timing.P95,7:F2} ms   {render.Goal}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.Error.WriteLine($"bench: the HTTP render benchmark failed: {ex.Message}");
            render = new RenderResult(new Timing(0, 0, 0, 0), 0, 0, 0, "FAILED: " + ex.Message);
            renderFailed = true;
        }

        var loadAfter = LoadAverage();
        Console.WriteLine();
        Console.Write(Table(results, render));
        Console.WriteLine($"load average (1/5/15 min) before {loadBefore ?? "n/a"}, after {loadAfter ?? "n/a"} on {Environment.ProcessorCount} CPUs.");
        // The app has stopped by now (and with it `ct`): the figures are written regardless.
        await WriteJsonAsync(company, connection, ids.Count, iterations, inputs, results, render, [loadBefore, loadAfter], CancellationToken.None);
        Console.WriteLine();
        Console.WriteLine($"(written to {ResultFile()})");
        // A missed goal is a figure, not a failure; only a benchmark that could not run exits non-zero.
        return renderFailed ? 1 : 0;
    }

    // ---- inputs -------------------------------------------------------------------------------------------

    private sealed record Inputs(string NameWord, string LastName, string PhoneDigits, int[] PageIds);

    /// <summary>Real words and ids from the data, picked by Random(42): the same database gives the same inputs.</summary>
    private static async Task<Inputs> PickInputsAsync(CompanyDbContextFactory factory, string company, List<int> ids, int count, CancellationToken ct)
    {
        var rng = new Random(42);
        await using var db = factory.Create(company, Actor);

        string? word = null;
        for (var attempt = 0; word is null && attempt < 1000; attempt++)
        {
            var id = ids[rng.Next(ids.Count)];
            var name = await db.Customers.AsNoTracking().Where(c => c.Id == id).Select(c => c.PropertyName).FirstAsync(ct);
            // The first real word: "The Reserve at Ballantyne 1234" gives "Reserve", never "The" or "at".
            word = name.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .FirstOrDefault(w => w.Length >= 4 && w.All(char.IsLetter) && !w.Equals("the", StringComparison.OrdinalIgnoreCase));
        }

        string? lastName = null;
        for (var attempt = 0; lastName is null && attempt < 1000; attempt++)
        {
            var id = ids[rng.Next(ids.Count)];
            lastName = await db.CustomerContacts.AsNoTracking().Where(x => x.CustomerId == id).OrderBy(x => x.Id)
                .Select(x => x.LastName).FirstOrDefaultAsync(ct);
        }

        string? phone = null;
        for (var attempt = 0; phone is null && attempt < 1000; attempt++)
        {
            var id = ids[rng.Next(ids.Count)];
            var raw = await db.Customers.AsNoTracking().Where(c => c.Id == id).Select(c => c.Phone).FirstAsync(ct);
            var digits = ContactFormats.Digits(raw);
            // The last four digits, as someone types them from a caller ID.
            if (digits.Length >= 4) phone = digits[^4..];
        }

        var pageIds = Enumerable.Range(0, count).Select(_ => ids[rng.Next(ids.Count)]).ToArray();
        return new Inputs(
            word ?? throw new InvalidOperationException("No property name with a word of four or more letters."),
            lastName ?? throw new InvalidOperationException("No customer contacts found."),
            phone ?? throw new InvalidOperationException("No customer phone numbers found."),
            pageIds);
    }

    /// <summary>
    /// The board on the busiest day, its week, the jobs list (first page; a month of completed jobs deep in;
    /// one customer's) and the customer jobs section of the customer with the most jobs.
    /// </summary>
    private static async Task<List<QueryCase>?> JobCasesAsync(IServiceProvider sp, CompanyDbContextFactory factory, string company, CancellationToken ct)
    {
        await using var db = factory.Create(company, Actor);
        var jobCount = await db.Jobs.CountAsync(ct);
        if (jobCount < MinimumJobs) return null;
        var busiest = await db.Jobs.GroupBy(j => j.ScheduledDate).Select(g => new { Date = g.Key, Count = g.Count() })
            .OrderByDescending(g => g.Count).ThenByDescending(g => g.Date).FirstAsync(ct);
        var busiestCustomer = await db.Jobs.GroupBy(j => j.CustomerId).Select(g => new { Id = g.Key, Count = g.Count() })
            .OrderByDescending(g => g.Count).FirstAsync(ct);
        var today = CompanyTime.Today(TimeProvider.System, sp.GetRequiredService<IOptions<FieldKitOptions>>().Value);
        var monthStart = new DateOnly(today.Year, today.Month, 1).AddMonths(-3);
        Console.WriteLine($"  jobs: {jobCount.ToString("N0", CultureInfo.InvariantCulture)}; busiest day {busiest.Date:yyyy-MM-dd} " +
                          $"({busiest.Count} jobs); customer {busiestCustomer.Id} has {busiestCustomer.Count} jobs; today {today:yyyy-MM-dd}");
        return
        [
            new($"board day ({busiest.Count} jobs)", false, (d, _, c) => BoardService.GetDayAsync(d, busiest.Date, BoardFilter.None, null, BoardService.CardsPerColumn, c), JobQueryP95GoalMs),
            new("board day, filtered (completed)", false, (d, _, c) => BoardService.GetDayAsync(d, busiest.Date,
                new BoardFilter { Statuses = [JobStatus.Completed] }, null, BoardService.CardsPerColumn, c), JobQueryP95GoalMs),
            new("board week (counts by day, crew)", false, (d, _, c) => BoardService.GetWeekAsync(d, busiest.Date, BoardFilter.None, c), JobQueryP95GoalMs),
            new("jobs list (as opened: from today)", false, (d, _, c) => JobService.ListAsync(d, new JobListQuery { From = today }, c), JobQueryP95GoalMs),
            new("jobs list (no filter, page 1)", false, (d, _, c) => JobService.ListAsync(d, new JobListQuery(), c), JobQueryP95GoalMs),
            new("jobs list (a month, completed, page 20)", false, (d, _, c) => JobService.ListAsync(d, new JobListQuery
            {
                From = monthStart, To = monthStart.AddMonths(1).AddDays(-1), Status = JobStatus.Completed, Page = 19,
            }, c), JobQueryP95GoalMs),
            new("jobs list (one customer, newest first)", false, (d, _, c) => JobService.ListAsync(d, new JobListQuery
            {
                CustomerId = busiestCustomer.Id, Descending = true,
            }, c), JobQueryP95GoalMs),
            new($"customer jobs section ({busiestCustomer.Count} jobs)", false, (d, _, c) =>
                JobService.CustomerJobsAsync(d, busiestCustomer.Id, today, c), JobQueryP95GoalMs),
        ];
    }

    // ---- queries: EF beside the same SQL through plain Npgsql ----------------------------------------------

    private sealed record QueryCase(string Name, bool VariesPerIteration, Func<CompanyDbContext, int, CancellationToken, Task> Run,
        double GoalMs = QueryP95GoalMs);

    private sealed record CaseResult(string Name, Timing Ef, Timing Raw, double Ratio, string Goal, IReadOnlyList<CapturedCommand> Sql);

    private static async Task<CaseResult> RunCaseAsync(
        CompanyDbContextFactory factory, string company, string connectionString, NpgsqlDataSource dataSource,
        QueryCase q, int iterations, CancellationToken ct)
    {
        var total = WarmUp + iterations;
        // The commands EF sends for each iteration (once when the input never changes).
        var commands = await CaptureAsync(connectionString, q, q.VariesPerIteration ? total : 1, ct);

        var ef = new List<double>(iterations);
        var raw = new List<double>(iterations);
        var clock = new Stopwatch();
        for (var i = 0; i < total; i++)
        {
            // Alternate which goes first, so neither always runs on the other's warm caches.
            for (var turn = 0; turn < 2; turn++)
            {
                var runEf = (turn == 0) == (i % 2 == 0);
                clock.Restart();
                if (runEf)
                {
                    await using var db = factory.Create(company, Actor);
                    await q.Run(db, i, ct);
                }
                else
                {
                    await ReplayAsync(dataSource, commands[q.VariesPerIteration ? i : 0], ct);
                }
                clock.Stop();
                if (i >= WarmUp) (runEf ? ef : raw).Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        var efTiming = Timing.Of(ef);
        var rawTiming = Timing.Of(raw);
        var ratio = efTiming.P95 / rawTiming.P95;
        var misses = new List<string>();
        if (efTiming.P95 > q.GoalMs) misses.Add($"p95 > {q.GoalMs:0} ms");
        if (ratio > RatioGoal) misses.Add($"ratio > {RatioGoal:0.0}×");
        var goal = misses.Count == 0 ? "PASS" : "MISS (" + string.Join(", ", misses) + ")";
        return new CaseResult(q.Name, efTiming, rawTiming, ratio, goal, commands[0]);
    }

    /// <summary>One captured command: its SQL and copies of its parameters (name, type and value).</summary>
    public sealed record CapturedCommand(string Sql, CommandKind Kind, IReadOnlyList<NpgsqlParameter> Parameters)
    {
        public object Describe() => new
        {
            sql = Sql,
            kind = Kind.ToString(),
            parameters = Parameters.Select(p => new
            {
                name = p.ParameterName,
                type = p.DataTypeName ?? p.NpgsqlDbType.ToString(),
                value = p.Value is null or DBNull ? null : Convert.ToString(p.Value, CultureInfo.InvariantCulture),
            }),
        };
    }

    public enum CommandKind { Reader, Scalar, NonQuery }

    /// <summary>Records every command EF sends through a context built with it.</summary>
    private sealed class CaptureInterceptor : DbCommandInterceptor
    {
        public List<CapturedCommand> Commands { get; } = [];

        private void Add(DbCommand command, CommandKind kind) =>
            Commands.Add(new CapturedCommand(command.CommandText, kind,
                command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToList()));

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Add(command, CommandKind.Reader);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Add(command, CommandKind.Reader);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Add(command, CommandKind.Scalar);
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Add(command, CommandKind.Scalar);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Add(command, CommandKind.NonQuery);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Add(command, CommandKind.NonQuery);
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>
    /// Runs the case on a context configured as FieldKit.Data's DataOptions does (same provider, same naming
    /// convention, so the same SQL) plus the capture interceptor.
    /// </summary>
    private static async Task<List<List<CapturedCommand>>> CaptureAsync(string connectionString, QueryCase q, int runs, CancellationToken ct)
    {
        var capture = new CaptureInterceptor();
        var options = new DbContextOptionsBuilder<CompanyDbContext>()
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(capture)
            .ConfigureWarnings(w => w.Ignore(CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning))
            .Options;
        var all = new List<List<CapturedCommand>>(runs);
        for (var i = 0; i < runs; i++)
        {
            capture.Commands.Clear();
            await using (var db = new CompanyDbContext(options))
                await q.Run(db, i, ct);
            if (capture.Commands.Count == 0) throw new InvalidOperationException($"{q.Name}: EF sent no command to capture.");
            all.Add([.. capture.Commands]);
        }
        return all;
    }

    /// <summary>The floor: the same commands with the same parameters on a pooled connection, every row read.</summary>
    private static async Task ReplayAsync(NpgsqlDataSource dataSource, List<CapturedCommand> commands, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        foreach (var c in commands)
        {
            await using var cmd = new NpgsqlCommand(c.Sql, conn);
            foreach (var p in c.Parameters) cmd.Parameters.Add(p.Clone());
            switch (c.Kind)
            {
                case CommandKind.Scalar:
                    await cmd.ExecuteScalarAsync(ct);
                    break;
                case CommandKind.NonQuery:
                    await cmd.ExecuteNonQueryAsync(ct);
                    break;
                default:
                {
                    await using var reader = await cmd.ExecuteReaderAsync(ct);
                    do
                    {
                        while (await reader.ReadAsync(ct))
                        {
                            for (var f = 0; f < reader.FieldCount; f++)
                                if (!reader.IsDBNull(f)) reader.GetValue(f);
                        }
                    } while (await reader.NextResultAsync(ct));
                    break;
                }
            }
        }
    }

    // ---- full server render of the list page over HTTP -----------------------------------------------------

    /// <param name="WithRows">How many of the timed renders carried the first page's rows in their HTML.</param>
    /// <param name="WithRowsTiming">Renders that ran the list query (rows in the HTML); <paramref name="WithoutRowsTiming"/> the others.</param>
    private sealed record RenderResult(Timing Timing, int Bytes, int WithRows, int Renders, string Goal,
        Timing? WithRowsTiming = null, Timing? WithoutRowsTiming = null);

    private static async Task<RenderResult> RunRenderAsync(WebApplication app, string company, int iterations, CancellationToken ct)
    {
        var coreFactory = app.Services.GetRequiredService<IDbContextFactory<CoreDbContext>>();
        var username = "bench." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var password = NewPassword(username);
        int? userId = null;
        var started = false;
        try
        {
            await using (var core = await coreFactory.CreateDbContextAsync(ct))
            {
                core.Actor = Actor;
                var user = new User
                {
                    Username = username,
                    DisplayName = "Benchmark (temporary)",
                    PasswordHash = PasswordHasher.Hash(password),
                    Roles = [new UserCompanyRole { CompanyCode = company, Role = Role.Admin }],
                };
                core.Users.Add(user);
                await core.SaveChangesAsync(ct);
                userId = user.Id;
            }

            app.UseFieldKit();
            app.Urls.Clear();
            app.Urls.Add("http://127.0.0.1:0");
            await app.StartAsync(ct);
            started = true;
            var baseAddress = app.Urls.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');

            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
            {
                BaseAddress = new Uri(baseAddress),
            };
            await SignInAsync(http, username, password, ct);

            // The first page of the list as the grid shows it, to tell whether the prerendered HTML carries the rows.
            string? firstRow;
            await using (var db = app.Services.GetRequiredService<CompanyDbContextFactory>().Create(company, Actor))
                firstRow = (await CustomerService.ListAsync(db, new CustomerListQuery(), ct)).Items.FirstOrDefault()?.PropertyName;

            var path = $"/{company}/customers";
            var times = new List<double>(iterations);
            var clock = new Stopwatch();
            var bytes = 0;
            var withRows = 0;
            var lastBody = "";
            List<double> timesWithRows = [], timesWithoutRows = [];
            for (var i = 0; i < WarmUp + iterations; i++)
            {
                clock.Restart();
                using var response = await http.GetAsync(path, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                clock.Stop();
                if (response.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode} {response.StatusCode}" +
                        (response.Headers.Location is { } to ? $" → {to}" : ""));
                if (!body.Contains("Customers", StringComparison.Ordinal))
                    throw new InvalidOperationException($"GET {path}: the page does not contain \"Customers\".");
                if (i < WarmUp) continue;
                times.Add(clock.Elapsed.TotalMilliseconds);
                bytes = Encoding.UTF8.GetByteCount(body);
                lastBody = body;
                // The grid loads its rows in the prerender only when the page's own awaits let it render first.
                var hasRows = firstRow is not null && body.Contains(WebUtility.HtmlEncode(firstRow), StringComparison.Ordinal);
                if (hasRows) withRows++;
                (hasRows ? timesWithRows : timesWithoutRows).Add(clock.Elapsed.TotalMilliseconds);
            }
            var timing = Timing.Of(times);
            var goal = timing.P95 <= RenderP95GoalMs ? "PASS" : $"MISS (p95 > {RenderP95GoalMs:0} ms)";
            // The last page as served, to see what was measured.
            var html = Path.ChangeExtension(ResultFile(), ".html");
            Directory.CreateDirectory(Path.GetDirectoryName(html)!);
            await File.WriteAllTextAsync(html, lastBody, CancellationToken.None);
            return new RenderResult(timing, bytes, withRows, times.Count, goal,
                timesWithRows.Count > 0 ? Timing.Of(timesWithRows) : null, timesWithoutRows.Count > 0 ? Timing.Of(timesWithoutRows) : null);
        }
        finally
        {
            // Only the bench user's own rows, by its id and name; never cancelled half-way.
            if (userId is { } id) await DeleteBenchUserAsync(app, id, username);
            if (started) await app.StopAsync(CancellationToken.None);
        }
    }

    private static async Task SignInAsync(HttpClient http, string username, string password, CancellationToken ct)
    {
        var html = await http.GetStringAsync("/account/login", ct);
        var token = TokenPattern().Match(html).Groups[1].Value;
        if (token.Length == 0) throw new InvalidOperationException("No antiforgery token on /account/login.");
        using var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Username"] = username,
            ["Input.Password"] = password,
        }), ct);
        var cookie = response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("fieldkit.auth", StringComparison.Ordinal));
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther) || !cookie)
            throw new InvalidOperationException($"Sign-in as {username} failed ({(int)response.StatusCode} {response.StatusCode}).");
    }

    private static string NewPassword(string username)
    {
        while (true)
        {
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
            if (PasswordPolicy.Validate(password, username) is null) return password;
        }
    }

    private static async Task DeleteBenchUserAsync(WebApplication app, int userId, string username)
    {
        if (!username.StartsWith("bench.", StringComparison.Ordinal)) throw new InvalidOperationException("Refusing to delete a non-bench user.");
        try
        {
            await using var conn = new NpgsqlConnection(FieldKit.Data.DependencyInjection.CoreConnectionString(app.Configuration));
            await conn.OpenAsync();
            await using var tx = await conn.BeginTransactionAsync();
            string[] statements =
            [
                "DELETE FROM user_preferences WHERE user_id = @id",
                "DELETE FROM user_sessions WHERE user_id = @id",
                "DELETE FROM user_company_roles WHERE user_id = @id",
                "DELETE FROM login_history WHERE user_id = @id OR username = @username",
                "DELETE FROM users WHERE id = @id AND username = @username",
            ];
            foreach (var sql in statements)
            {
                await using var cmd = new NpgsqlCommand(sql, conn, tx);
                cmd.Parameters.AddWithValue("id", userId);
                cmd.Parameters.AddWithValue("username", username);
                await cmd.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"bench: could not delete the bench user {username} (id {userId}): {ex.Message}");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    // ---- figures ------------------------------------------------------------------------------------------

    public sealed record Timing(double P50, double P95, double P99, double Mean)
    {
        /// <summary>Nearest-rank percentiles, in milliseconds.</summary>
        public static Timing Of(List<double> samples)
        {
            var sorted = samples.Order().ToArray();
            double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
            return new Timing(At(0.50), At(0.95), At(0.99), sorted.Average());
        }
    }

    /// <summary>"1.23 0.98 0.70" from /proc/loadavg (Linux), else null: figures from a busy machine say so.</summary>
    private static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Ms(double v) => v.ToString("F2", CultureInfo.InvariantCulture);

    private static string Table(List<CaseResult> results, RenderResult render)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| case | p50 | p95 | p99 | raw p95 | ratio | goal |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
            sb.AppendLine($"| {r.Name} | {Ms(r.Ef.P50)} | {Ms(r.Ef.P95)} | {Ms(r.Ef.P99)} | {Ms(r.Raw.P95)} | " +
                          $"{r.Ratio.ToString("F2", CultureInfo.InvariantCulture)}× | {r.Goal} |");
        sb.AppendLine($"| list page, full server render (HTTP; rows in HTML {render.WithRows}/{render.Renders}) | " +
                      $"{Ms(render.Timing.P50)} | {Ms(render.Timing.P95)} | {Ms(render.Timing.P99)} | — | — | {render.Goal} |");
        if (render.WithRowsTiming is { } w && render.WithoutRowsTiming is { } wo)
            sb.AppendLine($"\nrender p50/p95 with rows {Ms(w.P50)}/{Ms(w.P95)}, without rows {Ms(wo.P50)}/{Ms(wo.P95)}.");
        sb.AppendLine($"\nms; goals: customer query p95 ≤ {QueryP95GoalMs:0} ms, job query p95 ≤ {JobQueryP95GoalMs:0} ms, each ≤ {RatioGoal:0.0}× raw Npgsql p95; render p95 ≤ {RenderP95GoalMs:0} ms.");
        return sb.ToString();
    }

    /// <summary>
    /// artifacts/bench-customers.json under the clone's root (`dotnet run` starts in the project folder), else
    /// under the current directory.
    /// </summary>
    public static string ResultFile()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FieldKit.sln"))) return Path.Combine(dir.FullName, ResultPath);
        }
        return Path.GetFullPath(ResultPath);
    }

    private static async Task WriteJsonAsync(string company, NpgsqlConnectionStringBuilder connection, int customers, int iterations,
        Inputs inputs, List<CaseResult> results, RenderResult render, string?[] load, CancellationToken ct)
    {
        var doc = new
        {
            benchmark = "scale",
            command = $"./fieldkit bench {company} {iterations}",
            at = DateTimeOffset.UtcNow,
            machine = new { Environment.MachineName, Environment.ProcessorCount, loadAverageBefore = load[0], loadAverageAfter = load[1], os = Environment.OSVersion.VersionString, dotnet = Environment.Version.ToString() },
            database = $"{connection.Host}:{connection.Port}/{connection.Database}",
            company,
            customers,
            iterations,
            warmUp = WarmUp,
            inputs = new { inputs.NameWord, inputs.LastName, inputs.PhoneDigits, customerPageIdSeed = 42 },
            goals = new { queryP95Ms = QueryP95GoalMs, jobQueryP95Ms = JobQueryP95GoalMs, ratio = RatioGoal, renderP95Ms = RenderP95GoalMs },
            cases = results.Select(r => new
            {
                name = r.Name,
                ef = r.Ef,
                raw = r.Raw,
                ratio = Math.Round(r.Ratio, 3),
                goal = r.Goal,
                sql = r.Sql.Select(c => c.Describe()),
            }),
            render = new { name = $"GET /{company}/customers", timing = render.Timing, bytes = render.Bytes, rendersWithRows = render.WithRows, renders = render.Renders,
                withRows = render.WithRowsTiming, withoutRows = render.WithoutRowsTiming, goal = render.Goal },
        };
        var path = ResultFile();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(doc, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        }), ct);
    }
}
