using System.Threading.Channels;
using FieldKit.Domain.Companies;
using FieldKit.Domain.Entities;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FieldKit.Tests.Data;

[Collection(DatabaseCollection.Name)]
public sealed class ChangeFeedTests(DataFixture fx) : IAsyncLifetime
{
    private const string Company = "kleanit_charlotte";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly List<ChangeFeed> _feeds = [];

    public Task InitializeAsync() => fx.ResetAsync();

    public async Task DisposeAsync()
    {
        foreach (var feed in _feeds)
        {
            await feed.StopAsync(CancellationToken.None);
            feed.Dispose();
        }
    }

    /// <summary>A started feed over <paramref name="catalogue"/> (the test catalogue by default), listening to <paramref name="listeningTo"/>.</summary>
    private async Task<ChangeFeed> StartFeedAsync(CompanyCatalogue? catalogue = null, params string[] listeningTo)
    {
        var feed = new ChangeFeed(catalogue ?? fx.Catalogue, NullLogger<ChangeFeed>.Instance, TimeProvider.System);
        _feeds.Add(feed); // stopped in DisposeAsync, whatever the test does
        await feed.StartAsync(CancellationToken.None);
        foreach (var company in listeningTo.Length == 0 ? new[] { Company } : listeningTo)
            await feed.WaitUntilListeningAsync(company, CancellationToken.None).WaitAsync(Timeout);
        return feed;
    }

    private async Task<int> AddCustomerAsync(string company = Company, string actor = "michele", string name = "Oakwood Apartments")
    {
        await using var db = fx.Company(company, actor);
        var customer = new Customer { PropertyName = name, City = "Charlotte", State = "NC" };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        return customer.Id;
    }

    [Fact]
    public async Task A_commit_on_another_connection_reaches_a_subscriber()
    {
        var feed = await StartFeedAsync();
        var received = new TaskCompletionSource<ChangeEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = feed.Subscribe(Company, e => received.TrySetResult(e));

        var id = await AddCustomerAsync(actor: "michele");

        var change = await received.Task.WaitAsync(Timeout);
        Assert.Equal(new ChangeEvent(Company, "customers", id, "insert", "michele"), change with { ReceivedAt = 0 });
        Assert.True(change.ReceivedAt > 0);
    }

    [Fact]
    public async Task Two_app_instances_on_one_database_both_see_every_commit()
    {
        // Two feeds are what two app processes would each run: PostgreSQL is the bus between them.
        var first = await StartFeedAsync();
        var second = await StartFeedAsync();
        var a = new TaskCompletionSource<ChangeEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var b = new TaskCompletionSource<ChangeEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = first.Subscribe(Company, e => a.TrySetResult(e));
        using var __ = second.Subscribe(Company, e => b.TrySetResult(e));

        var id = await AddCustomerAsync(actor: "walter");

        Assert.Equal(id, (await a.Task.WaitAsync(Timeout)).Id);
        Assert.Equal(id, (await b.Task.WaitAsync(Timeout)).Id);
    }

    [Fact]
    public async Task Updates_and_soft_deletes_arrive_as_updates_with_who()
    {
        var feed = await StartFeedAsync();
        var sink = new Sink();
        using var _ = feed.Subscribe(Company, sink.Add);

        var id = await AddCustomerAsync(actor: "michele");
        await using (var db = fx.Company(Company, "walter"))
        {
            var customer = await db.Customers.SingleAsync(c => c.Id == id);
            customer.Phone = "(704) 555-0199";
            await db.SaveChangesAsync();
        }
        await using (var db = fx.Company(Company, "patrick"))
        {
            db.Customers.Remove(await db.Customers.SingleAsync(c => c.Id == id));
            await db.SaveChangesAsync();
        }

        Assert.Equal(new ChangeEvent(Company, "customers", id, "insert", "michele"), (await sink.NextAsync()) with { ReceivedAt = 0 });
        Assert.Equal(new ChangeEvent(Company, "customers", id, "update", "walter"), (await sink.NextAsync()) with { ReceivedAt = 0 });
        // Soft delete: an update of deleted_at, by whoever deleted.
        Assert.Equal(new ChangeEvent(Company, "customers", id, "update", "patrick"), (await sink.NextAsync()) with { ReceivedAt = 0 });
    }

    [Fact]
    public async Task A_subscriber_sees_only_its_own_company()
    {
        var feed = await StartFeedAsync(null, Company, "getagrip");
        var kleanit = new Sink();
        var getagrip = new Sink();
        using var s1 = feed.Subscribe(Company, kleanit.Add);
        using var s2 = feed.Subscribe("getagrip", getagrip.Add);

        // Both databases restart ids at 1, so the actor tells the two rows apart.
        var gripId = await AddCustomerAsync("getagrip", actor: "walter", name: "Grip Towers");
        var kcId = await AddCustomerAsync(Company, actor: "michele");

        // The getagrip change happened (its own subscriber saw it) ...
        Assert.Equal(new ChangeEvent("getagrip", "customers", gripId, "insert", "walter"), (await getagrip.NextAsync()) with { ReceivedAt = 0 });
        // ... yet the first thing the Kleanit subscriber receives is the Kleanit row.
        Assert.Equal(new ChangeEvent(Company, "customers", kcId, "insert", "michele"), (await kleanit.NextAsync()) with { ReceivedAt = 0 });
        Assert.Equal(0, kleanit.Pending);
    }

    [Fact]
    public async Task A_disposed_subscription_is_not_called()
    {
        var feed = await StartFeedAsync();
        var disposedCalls = 0;
        var kept = new TaskCompletionSource<ChangeEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gone = feed.Subscribe(Company, _ => Interlocked.Increment(ref disposedCalls));
        using var stays = feed.Subscribe(Company, e => kept.TrySetResult(e));
        gone.Dispose();

        var id = await AddCustomerAsync();

        Assert.Equal(id, (await kept.Task.WaitAsync(Timeout)).Id);
        Assert.Equal(0, Volatile.Read(ref disposedCalls));
        gone.Dispose(); // twice is harmless
    }

    [Fact]
    public async Task A_terminated_listener_reconnects_and_delivers_again()
    {
        var feed = await StartFeedAsync();
        var dropped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        feed.ListeningChanged += (company, listening) =>
        {
            if (company == Company && !listening) dropped.TrySetResult();
        };
        var sink = new Sink();
        using var _ = feed.Subscribe(Company, sink.Add);

        // Every feed listener on the database (the in-process app's too, if it runs; it reconnects the same way).
        await using (var admin = new NpgsqlConnection(TestConfiguration.ConnectionString("fieldkit_kleanit_charlotte")))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity WHERE application_name = @app AND datname = 'fieldkit_kleanit_charlotte'",
                admin);
            kill.Parameters.AddWithValue("app", ChangeFeed.ApplicationName);
            Assert.True((int)(await kill.ExecuteScalarAsync())! >= 1, "no change feed backend found to terminate");
        }

        await dropped.Task.WaitAsync(Timeout);
        await feed.WaitUntilListeningAsync(Company, CancellationToken.None).WaitAsync(Timeout);
        Assert.True(feed.IsListening(Company));
        // Whatever was committed while it was gone is not replayed: subscribers are told to re-query.
        Assert.Equal(new ChangeEvent(Company, ChangeFeed.ResyncTable, 0, "resync", null), (await sink.NextAsync()) with { ReceivedAt = 0 });

        var id = await AddCustomerAsync(actor: "michele");
        Assert.Equal(new ChangeEvent(Company, "customers", id, "insert", "michele"), (await sink.NextAsync()) with { ReceivedAt = 0 });
    }

    [Fact]
    public async Task A_throwing_handler_does_not_stop_delivery_to_others()
    {
        var feed = await StartFeedAsync();
        var throwing = 0;
        using var bad = feed.Subscribe(Company, _ =>
        {
            Interlocked.Increment(ref throwing);
            throw new InvalidOperationException("broken screen");
        });
        var sink = new Sink();
        using var good = feed.Subscribe(Company, sink.Add);

        var first = await AddCustomerAsync();
        var second = await AddCustomerAsync(name: "Birch Court");

        Assert.Equal(first, (await sink.NextAsync()).Id);
        Assert.Equal(second, (await sink.NextAsync()).Id);
        Assert.Equal(2, Volatile.Read(ref throwing));
        Assert.True(feed.IsListening(Company));
    }

    [Fact]
    public async Task An_unreachable_company_does_not_block_the_others()
    {
        var kc = fx.Catalogue.Get(Company);
        var down = kc with { Code = "down", ConnectionString = "Host=127.0.0.1;Port=1;Database=nowhere;Username=x;Password=x;Timeout=2" };
        var feed = await StartFeedAsync(new CompanyCatalogue([down, kc]), Company);
        var received = new TaskCompletionSource<ChangeEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = feed.Subscribe(Company, e => received.TrySetResult(e));

        var id = await AddCustomerAsync();

        Assert.Equal(id, (await received.Task.WaitAsync(Timeout)).Id);
        Assert.False(feed.IsListening("down"));
        Assert.False(feed.IsListening("no_such_company"));
        Assert.Throws<UnknownCompanyException>(() => feed.Subscribe("no_such_company", _ => { }));
    }

    /// <summary>Events in arrival order; NextAsync waits (up to the timeout) for the next one.</summary>
    private sealed class Sink
    {
        private readonly Channel<ChangeEvent> _events = Channel.CreateUnbounded<ChangeEvent>();

        public void Add(ChangeEvent change) => _events.Writer.TryWrite(change);

        public int Pending => _events.Reader.Count;

        public async Task<ChangeEvent> NextAsync() => await _events.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
    }
}
