using System.Text.Json;
using FieldKit.Data.Auditing;
using FieldKit.Domain.Companies;
using Npgsql;

namespace FieldKit.Web.Features.Live;

/// <summary>One committed row change, as announced by the fk_notify_change trigger.</summary>
/// <param name="Company">Company code whose database the change happened in.</param>
/// <param name="Table">Table name, e.g. "customers".</param>
/// <param name="Id">Row id.</param>
/// <param name="Operation">"insert", "update" (a soft delete is an update of deleted_at) or "delete".</param>
/// <param name="By">The row's updated_by after the change; null for a hard delete.</param>
public sealed record ChangeEvent(string Company, string Table, int Id, string Operation, string? By)
{
    /// <summary>When this instance received the notification (Stopwatch timestamp), so after the commit: a read
    /// started since then sees the change (<see cref="SharedReads"/>). 0 when not from the feed.</summary>
    public long ReceivedAt { get; init; }
}

/// <summary>
/// Live screens: the triggers pg_notify every committed change, and this service keeps ONE listening
/// connection per company database and fans each change out to the circuits showing that company.
/// A thousand circuits therefore cost four connections, not a thousand. PostgreSQL is the bus: every app
/// instance runs its own feed, and each sees every change whichever instance (or tool) made it.
/// Notifications are not replayed after an outage: when a company's listener connects again its subscribers get
/// a <see cref="ResyncTable"/> change, and should re-query what they show.
/// </summary>
public sealed class ChangeFeed(CompanyCatalogue catalogue, ILogger<ChangeFeed> logger, TimeProvider timeProvider) : BackgroundService
{
    public const string ApplicationName = "fieldkit-changefeed";

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    // Capped at 10 s so live screens resume well within 30 s of a database coming back.
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, CompanyState> _companies =
        catalogue.All.ToDictionary(c => c.Code, c => new CompanyState(c), StringComparer.Ordinal);

    /// <summary>The table of the change delivered when a listener is back after a gap: anything may have changed.</summary>
    public const string ResyncTable = "*";

    /// <summary>(company, listening): raised when a company's listener connects or loses its connection.</summary>
    public event Action<string, bool>? ListeningChanged;

    /// <summary>
    /// Calls <paramref name="handler"/> for every change in <paramref name="company"/>'s database until the
    /// returned subscription is disposed. Handlers run on the listener's thread: keep them short (a circuit
    /// should hand off with InvokeAsync and re-query there).
    /// </summary>
    public IDisposable Subscribe(string company, Action<ChangeEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var state = StateOf(company);
        var subscription = new Subscription(state, handler);
        state.Add(subscription);
        return subscription;
    }

    public bool IsListening(string company) =>
        _companies.TryGetValue(company, out var state) && state.Listening;

    /// <summary>Completes once <paramref name="company"/>'s LISTEN is active (at once if it already is).</summary>
    public Task WaitUntilListeningAsync(string company, CancellationToken ct)
    {
        var state = StateOf(company);
        Task ready;
        lock (state.Gate) ready = state.Ready.Task;
        return ready.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Each company has its own loop: a database that is down only delays its own screens.
        var loops = _companies.Values.Select(state => Task.Run(() => ListenAsync(state, stoppingToken), CancellationToken.None));
        try
        {
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutting down.
        }
    }

    private async Task ListenAsync(CompanyState state, CancellationToken ct)
    {
        var code = state.Company.Code;
        // A dedicated, unpooled connection: LISTEN belongs to a session, and a pooled connection would be
        // reset (UNLISTEN) on return. KeepAlive makes WaitAsync notice a silently dead peer.
        var connectionString = new NpgsqlConnectionStringBuilder(state.Company.ConnectionString)
        {
            Pooling = false,
            KeepAlive = 15,
            ApplicationName = ApplicationName,
        }.ConnectionString;

        var delay = FirstRetryDelay;
        var inOutage = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var conn = new NpgsqlConnection(connectionString);
                conn.Notification += (_, e) => Dispatch(state, e.Channel, e.Payload);
                await conn.OpenAsync(ct);
                await using (var listen = new NpgsqlCommand($"LISTEN {AuditSql.ChangeChannel}", conn))
                    await listen.ExecuteNonQueryAsync(ct);

                delay = FirstRetryDelay;
                if (inOutage)
                    logger.LogInformation("Change feed for {Company} is listening again", code);
                inOutage = false;
                SetListening(state, true);

                // Each WaitAsync returns after one notification (raised through conn.Notification).
                while (true)
                    await conn.WaitAsync(ct);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Any failure (server restart, terminated backend, network) ends in a retry, never in the host.
                SetListening(state, false);
                if (!inOutage)
                {
                    inOutage = true;
                    logger.LogWarning(ex, "Change feed for {Company} lost its database connection; live screens wait until it reconnects", code);
                }
                else
                {
                    logger.LogDebug(ex, "Change feed for {Company} still cannot connect; next try in {Delay}", code, delay);
                }
            }

            try
            {
                await Task.Delay(delay, timeProvider, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            delay = delay * 2 > MaxRetryDelay ? MaxRetryDelay : delay * 2;
        }
        SetListening(state, false);
    }

    private void Dispatch(CompanyState state, string channel, string payload)
    {
        if (channel != AuditSql.ChangeChannel || !state.HasSubscribers) return;
        ChangeEvent change;
        try
        {
            change = Parse(state.Company.Code, payload);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            logger.LogWarning(ex, "Change feed for {Company} ignored an unreadable payload {Payload}", state.Company.Code, payload);
            return;
        }
        Deliver(state.Snapshot(), change);
    }

    private void Deliver(Subscription[] subscribers, ChangeEvent change)
    {
        foreach (var subscriber in subscribers)
        {
            if (subscriber.IsDisposed) continue;
            try
            {
                subscriber.Handler(change);
            }
            catch (Exception ex)
            {
                // One broken screen must not starve the others or stop the listener.
                logger.LogError(ex, "A change feed subscriber for {Company} failed on {Table} {Id}", change.Company, change.Table, change.Id);
            }
        }
    }

    private static ChangeEvent Parse(string company, string payload)
    {
        using var doc = JsonDocument.Parse(payload);
        var root = doc.RootElement;
        var by = root.TryGetProperty("by", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
        return new ChangeEvent(
            company,
            root.GetProperty("table").GetString() ?? throw new FormatException("Change payload without a table."),
            root.GetProperty("id").GetInt32(),
            root.GetProperty("op").GetString() ?? throw new FormatException("Change payload without an op."),
            by) { ReceivedAt = System.Diagnostics.Stopwatch.GetTimestamp() };
    }

    private void SetListening(CompanyState state, bool listening)
    {
        Subscription[] toResync = [];
        lock (state.Gate)
        {
            if (state.Listening == listening) return;
            state.Listening = listening;
            if (listening)
            {
                // Those subscribed before it listened again; one who subscribes after Ready completes reads fresh anyway.
                toResync = state.Snapshot();
                state.Ready.TrySetResult();
            }
            else
                state.Ready = NewReady();
        }

        if (listening)
        {
            logger.LogDebug("Change feed for {Company} is listening", state.Company.Code);
            Deliver(toResync, new ChangeEvent(state.Company.Code, ResyncTable, 0, "resync", null) { ReceivedAt = System.Diagnostics.Stopwatch.GetTimestamp() });
        }
        var handlers = ListeningChanged;
        if (handlers is null) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Action<string, bool>>())
        {
            try
            {
                handler(state.Company.Code, listening);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A ListeningChanged handler failed for {Company}", state.Company.Code);
            }
        }
    }

    private CompanyState StateOf(string company) =>
        _companies.TryGetValue(company, out var state) ? state : throw new UnknownCompanyException(company);

    private static TaskCompletionSource NewReady() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class CompanyState(CompanyInfo company)
    {
        public CompanyInfo Company { get; } = company;
        public object Gate { get; } = new();
        // A set, not a copied array: every page a circuit opens subscribes and leaves, so joining and leaving must not
        // cost in proportion to the circuits open (a thousand). The array dispatch walks is rebuilt only when a change
        // arrives after the set changed, and changes are far rarer than navigations.
        private readonly HashSet<Subscription> _subscribers = [];
        private Subscription[]? _snapshot = [];
        private volatile bool _listening;

        public bool HasSubscribers { get { lock (Gate) return _subscribers.Count > 0; } }

        public void Add(Subscription subscription)
        {
            lock (Gate)
            {
                _subscribers.Add(subscription);
                _snapshot = null;
            }
        }

        public void Remove(Subscription subscription)
        {
            lock (Gate)
                if (_subscribers.Remove(subscription)) _snapshot = null;
        }

        /// <summary>The subscribers now; dispatch walks it outside the lock.</summary>
        public Subscription[] Snapshot()
        {
            lock (Gate) return _snapshot ??= [.. _subscribers];
        }

        public bool Listening { get => _listening; set => _listening = value; }
        /// <summary>Completed while listening; a fresh one after each disconnect. Guarded by <see cref="Gate"/>.</summary>
        public TaskCompletionSource Ready { get; set; } = NewReady();
    }

    private sealed class Subscription(CompanyState state, Action<ChangeEvent> handler) : IDisposable
    {
        private volatile bool _disposed;

        public Action<ChangeEvent> Handler { get; } = handler;
        public bool IsDisposed => _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            state.Remove(this);
        }
    }
}
