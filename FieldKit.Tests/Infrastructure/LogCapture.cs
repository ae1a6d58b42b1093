using Serilog.Core;
using Serilog.Events;

namespace FieldKit.Tests.Infrastructure;

/// <summary>
/// An in-memory Serilog sink for the in-process app (registered in its services; the app reads sinks from DI).
/// Tests wait for the event they expect instead of polling log files.
/// </summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly object _gate = new();
    private readonly List<LogEvent> _events = [];
    private readonly List<(Func<LogEvent, bool> Match, TaskCompletionSource<LogEvent> Found)> _waiters = [];

    public void Emit(LogEvent logEvent)
    {
        List<TaskCompletionSource<LogEvent>> found = [];
        lock (_gate)
        {
            _events.Add(logEvent);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (!_waiters[i].Match(logEvent)) continue;
                found.Add(_waiters[i].Found);
                _waiters.RemoveAt(i);
            }
        }
        foreach (var f in found) f.TrySetResult(logEvent);
    }

    /// <summary>The first event (already logged or still to come) that matches.</summary>
    public Task<LogEvent> WaitForAsync(Func<LogEvent, bool> match, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_events.FirstOrDefault(match) is { } logged) return Task.FromResult(logged);
            var found = new TaskCompletionSource<LogEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, found));
            return found.Task.WaitAsync(timeout);
        }
    }

    public static string? Scalar(LogEvent e, string property) =>
        e.Properties.TryGetValue(property, out var value) && value is ScalarValue { Value: var v } ? v?.ToString() : null;
}
