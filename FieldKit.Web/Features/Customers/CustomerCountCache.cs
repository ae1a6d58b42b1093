using System.Collections.Concurrent;
using FieldKit.Web.Features.Live;

namespace FieldKit.Web.Features.Customers;

/// <summary>
/// Large counts per company, shared by every circuit: the unfiltered customer count, and the company home's
/// active customers and contacts. Each figure is dropped by a change to its table. The list's pager asks for it on every
/// load, and on 100,000 customers the exact count is a scan of ~30 ms of database CPU (README, Performance):
/// under load (issue #10) it was the list's largest query. A change to customers in the change feed drops the
/// company's entry, so the figure is never older than the live screens; while the feed is not listening for a
/// company nothing is cached (a missed notification could otherwise keep a wrong figure), and entries expire
/// after a minute as a safety net (bulk loads with the replica role notify nobody). Only large counts are kept
/// (<see cref="MinimumToCache"/>).
/// </summary>
public sealed class CustomerCountCache(ChangeFeed feed, TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Below this the exact count costs well under a millisecond, so it is not cached: a small company (and every
    /// test database) always sees the exact figure, even in the ~40 ms between a commit and its notification.
    /// </summary>
    public const int MinimumToCache = 5000;

    private sealed class Entry
    {
        public long Version;
        public (int Count, long Version, DateTimeOffset At)? Value;
        public IDisposable? Subscription;
    }

    private readonly ConcurrentDictionary<(string Company, string Table, string What), Entry> _entries = new();

    /// <summary>Drops a company's customer figures at once (a write made in this process).</summary>
    public void Invalidate(string company)
    {
        foreach (var (key, entry) in _entries)
        {
            if (key.Company != company || key.Table != "customers") continue;
            lock (entry)
            {
                entry.Version++;
                entry.Value = null;
            }
        }
    }

    /// <summary>The count of all live customers.</summary>
    public Task<int> GetAsync(string company, Func<CancellationToken, Task<int>> count, CancellationToken ct) =>
        GetAsync(company, "customers", "all", count, ct);

    /// <param name="table">The table whose changes drop the figure.</param>
    /// <param name="what">Which count of that table, e.g. "active".</param>
    public async Task<int> GetAsync(string company, string table, string what, Func<CancellationToken, Task<int>> count, CancellationToken ct)
    {
        var entry = _entries.GetOrAdd((company, table, what), _ => new Entry());
        lock (entry)
        {
            entry.Subscription ??= feed.Subscribe(company, change =>
            {
                if (change.Table != table && change.Table != ChangeFeed.ResyncTable) return;
                lock (entry)
                {
                    entry.Version++;
                    entry.Value = null;
                }
            });
            if (entry.Value is { } v && v.Version == entry.Version && clock.GetUtcNow() - v.At < MaxAge && feed.IsListening(company))
                return v.Count;
        }
        long version;
        lock (entry) version = entry.Version;
        var fresh = await count(ct);
        lock (entry)
        {
            // A change that arrived while counting makes this figure possibly stale: use it once, keep nothing.
            if (entry.Version == version && fresh >= MinimumToCache && feed.IsListening(company)) entry.Value = (fresh, version, clock.GetUtcNow());
        }
        return fresh;
    }
}
