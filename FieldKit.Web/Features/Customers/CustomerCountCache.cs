using System.Collections.Concurrent;
using FieldKit.Web.Features.Live;

namespace FieldKit.Web.Features.Customers;

/// <summary>
/// The unfiltered customer count per company, shared by every circuit. The list's pager asks for it on every
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

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Drops a company's figure at once (a write made in this process).</summary>
    public void Invalidate(string company)
    {
        if (!_entries.TryGetValue(company, out var entry)) return;
        lock (entry)
        {
            entry.Version++;
            entry.Value = null;
        }
    }

    public async Task<int> GetAsync(string company, Func<CancellationToken, Task<int>> count, CancellationToken ct)
    {
        var entry = _entries.GetOrAdd(company, _ => new Entry());
        lock (entry)
        {
            entry.Subscription ??= feed.Subscribe(company, change =>
            {
                if (change.Table != "customers") return;
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
