using System.Collections.Concurrent;
using System.Diagnostics;

namespace FieldKit.Web.Features.Live;

/// <summary>
/// Coalesces identical reads that a change notification sets off in many circuits at once: when a customer
/// is renamed, every tab showing it re-queries the same row within a few milliseconds. A caller that says the
/// data must be newer than a moment (the notification's arrival, which follows the commit) joins a read of the
/// same key already in flight if that read started after the moment; otherwise it starts its own. A read is
/// never served from a cache once it has finished. Callers check their own permission before asking; the
/// result is shared, so it must be treated as read-only.
/// </summary>
public sealed class SharedReads
{
    private sealed record InFlight(long Started, Task<object?> Read);

    private readonly ConcurrentDictionary<string, InFlight> _inFlight = new(StringComparer.Ordinal);

    /// <param name="key">What is read, company included, e.g. "kleanit_charlotte:customer:42".</param>
    /// <param name="freshAfter">A Stopwatch timestamp the read must have started after; 0 never joins.</param>
    /// <param name="read">The read; it runs without the caller's cancellation, since others may be waiting on it.</param>
    public async Task<T> GetAsync<T>(string key, long freshAfter, Func<Task<T>> read)
    {
        if (freshAfter > 0 && _inFlight.TryGetValue(key, out var running) && running.Started > freshAfter)
            return (T)(await running.Read)!;
        var entry = new InFlight(Stopwatch.GetTimestamp(), ReadAsObject(read));
        _inFlight[key] = entry;
        try
        {
            return (T)(await entry.Read)!;
        }
        finally
        {
            _inFlight.TryRemove(KeyValuePair.Create(key, entry));
        }
    }

    private static async Task<object?> ReadAsObject<T>(Func<Task<T>> read) => await read();
}
