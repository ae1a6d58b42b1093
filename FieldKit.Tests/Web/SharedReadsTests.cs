using System.Diagnostics;
using FieldKit.Web.Features.Live;

namespace FieldKit.Tests.Web;

/// <summary>Reads set off by one change notification share one query; nothing older than the notification is served.</summary>
public sealed class SharedReadsTests
{
    [Fact]
    public async Task Callers_after_the_same_notification_join_the_read_in_flight()
    {
        var shared = new SharedReads();
        var notified = Stopwatch.GetTimestamp();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = 0;
        Task<int> Read() { Interlocked.Increment(ref reads); return gate.Task; }

        var first = shared.GetAsync("kc:customer:1", notified, Read);
        var second = shared.GetAsync("kc:customer:1", notified, Read);
        var otherKey = shared.GetAsync("kc:customer:2", notified, () => Task.FromResult(7));
        gate.SetResult(42);

        Assert.Equal((42, 42, 7), (await first, await second, await otherKey));
        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task A_read_started_before_the_notification_is_not_joined_and_finished_reads_are_not_reused()
    {
        var shared = new SharedReads();
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = 0;
        var stale = shared.GetAsync("kc:customer:1", Stopwatch.GetTimestamp(), () => { reads++; return gate.Task; });
        var notified = Stopwatch.GetTimestamp();   // the commit came after that read started

        var fresh = shared.GetAsync("kc:customer:1", notified, () => { reads++; return Task.FromResult(2); });
        gate.SetResult(1);
        Assert.Equal((1, 2), (await stale, await fresh));

        var later = await shared.GetAsync("kc:customer:1", notified, () => { reads++; return Task.FromResult(3); });
        Assert.Equal(3, later);
        Assert.Equal(3, reads);
    }
}
