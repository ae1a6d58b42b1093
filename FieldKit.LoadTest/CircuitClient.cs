using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace FieldKit.LoadTest;

/// <summary>A failure the load run counts as an error: a missing or wrong render, a refused event, a dead circuit.</summary>
public sealed class CircuitException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One real Blazor Server circuit without a browser: the page is fetched like a full page load, the circuit
/// is started with the page's component markers, every render batch is read and acknowledged, every JS call
/// is answered, and events and navigations are sent the way blazor.web.js sends them. See
/// docs/decisions/012-headless-circuit-load-client.md and /work/shared/BLAZOR-LOAD-NOTES.md for the protocol.
/// </summary>
public sealed partial class CircuitClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly HubConnection _hub;
    private readonly object _gate = new();
    private readonly List<Waiter> _waiters = [];
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _pendingCalls = new();
    private readonly TaskCompletionSource<long> _renderer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, SeenElement> _byTestId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SeenElement> _inputs = new(StringComparer.Ordinal);
    private long _nextCallId;
    private long _nextJsObjectId = 1000;
    private string? _circuitId;
    private string? _fatal;
    private bool _disposed;

    /// <summary>Counts for the run's report.</summary>
    public long BatchesReceived { get; private set; }
    public long BatchBytes { get; private set; }
    public long JsCallsAnswered { get; private set; }
    public DateTime LastBatchAt { get; private set; }

    /// <summary>JS call identifiers seen (for the protocol test and for diagnosing a new framework or MudBlazor).</summary>
    public ConcurrentDictionary<string, int> JsCalls { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the circuit is, as the server's router knows it.</summary>
    public string Location { get; private set; }

    public string? CircuitId => _circuitId;

    private CircuitClient(HttpClient http, Uri baseUri, string location, CookieContainer cookies, bool deflate)
    {
        _http = http;
        _base = baseUri;
        Location = location;
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, "_blazor"), HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.Cookies = cookies;
                // Chromium offers permessage-deflate and the app accepts it, so each connection keeps a compressor
                // and a decompressor on the server: without this the run would not pay for them.
                if (deflate) o.WebSocketConfiguration = ws => ws.DangerousDeflateOptions = new WebSocketDeflateOptions();
            });
        builder.Services.AddSingleton<IHubProtocol, BlazorPackProtocol>();
        _hub = builder.Build();
        // Handlers must match the server's argument counts exactly, or the .NET client drops the message.
        _hub.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], OnBeginInvokeJs);
        _hub.On("JS.EndInvokeDotNet", [typeof(string), typeof(bool), typeof(string)], OnEndInvokeDotNet);
        _hub.On("JS.RenderBatch", [typeof(long), typeof(byte[])], OnRenderBatch);
        _hub.On("JS.AttachComponent", [typeof(int), typeof(string)], _ => Task.CompletedTask);
        _hub.On("JS.EndUpdateRootComponents", [typeof(long)], _ => Task.CompletedTask);
        _hub.On("JS.Error", [typeof(string)], args => { Fail("server reported: " + args[0]); return Task.CompletedTask; });
        _hub.Closed += ex => { if (!_disposed) Fail("connection closed" + (ex is null ? "" : ": " + ex.Message)); return Task.CompletedTask; };
    }

    /// <summary>
    /// Loads <paramref name="path"/> as a browser does (GET, prerendered), starts its circuit and waits until
    /// the layout says it is interactive. <paramref name="http"/> carries the signed-in cookie in <paramref name="cookies"/>.
    /// </summary>
    public static async Task<CircuitClient> OpenAsync(HttpClient http, CookieContainer cookies, string path, TimeSpan timeout, CancellationToken ct = default, bool deflate = true)
    {
        var baseUri = http.BaseAddress ?? throw new ArgumentException("The HttpClient needs a BaseAddress.");
        using var response = await http.GetAsync(path, ct);
        var html = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new CircuitException($"GET {path} answered {(int)response.StatusCode}" + (response.Headers.Location is { } to ? $" → {to}" : ""));
        var markers = ServerMarkers(html);
        if (markers.Count == 0) throw new CircuitException($"GET {path}: no interactive server component markers in the page.");
        var state = StatePattern().Match(html) is { Success: true } m ? m.Groups[1].Value : "";

        var client = new CircuitClient(http, baseUri, new Uri(baseUri, path).ToString(), cookies, deflate);
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(timeout);
            var interactive = client.WaitForAsync(b => b.Contains("data-testid=\"interactive\""), timeout, "the interactive marker");   // static markup, not element frames
            await client._hub.StartAsync(cts.Token);
            client._circuitId = await client._hub.InvokeAsync<string?>("StartCircuit", baseUri.ToString(), client.Location, "[]", state, cts.Token)
                                ?? throw new CircuitException("StartCircuit returned no circuit id.");
            // The server attaches its renderer interop first; events go to that object.
            await client._renderer.Task.WaitAsync(cts.Token);
            var operations = new JsonObject
            {
                ["batchId"] = 1,
                ["operations"] = new JsonArray(markers.Select((marker, i) => (JsonNode)new JsonObject
                {
                    ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker,
                }).ToArray()),
            };
            await client._hub.SendAsync("UpdateRootComponents", operations.ToJsonString(), state, cts.Token);
            await interactive;
            return client;
        }
        catch (Exception ex)
        {
            await client.DisposeAsync();
            if (ex is CircuitException) throw;
            throw new CircuitException($"Starting the circuit for {path} failed: {ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    /// <summary>The start markers of interactive server components, in their sequence order, without DOM-only fields.</summary>
    internal static List<JsonObject> ServerMarkers(string html)
    {
        var list = new List<JsonObject>();
        foreach (Match m in MarkerPattern().Matches(html))
        {
            if (JsonNode.Parse(m.Groups[1].Value) is not JsonObject o) continue;
            if (o["type"]?.GetValue<string>() != "server" || o["descriptor"] is null) continue;   // end markers carry only prerenderId
            o.Remove("prerenderId");
            list.Add(o);
        }
        return list.OrderBy(o => o["sequence"]?.GetValue<int>() ?? 0).ToList();
    }

    // ---- waiting for renders ---------------------------------------------------------------------------

    private sealed class Waiter(Func<RenderBatch, bool>[] stages, TaskCompletionSource<RenderBatch> done, string what)
    {
        public TaskCompletionSource<RenderBatch> Done => done;
        public string What => what;
        private int _stage;

        /// <summary>True when this batch completes the last stage; each batch advances at most one stage.</summary>
        public bool Advance(RenderBatch batch)
        {
            if (!stages[_stage](batch)) return false;
            return ++_stage == stages.Length;
        }
    }

    /// <summary>
    /// Completes with the first batch (received after this call) that matches; a timeout or a dead circuit is a
    /// <see cref="CircuitException"/>. Register before sending the event whose render you wait for.
    /// </summary>
    public Task<RenderBatch> WaitForAsync(Func<RenderBatch, bool> match, TimeSpan timeout, string what) =>
        WaitForSequenceAsync([match], timeout, what);

    /// <summary>Batches matching each stage in turn (a page that renders once before its data and once after).</summary>
    public Task<RenderBatch> WaitForSequenceAsync(Func<RenderBatch, bool>[] stages, TimeSpan timeout, string what)
    {
        var waiter = new Waiter(stages, new TaskCompletionSource<RenderBatch>(TaskCreationOptions.RunContinuationsAsynchronously), what);
        lock (_gate)
        {
            if (_fatal is not null) return Task.FromException<RenderBatch>(new CircuitException($"circuit failed ({_fatal}) before {what}"));
            _waiters.Add(waiter);
        }
        return WithTimeout(waiter, timeout);
    }

    private async Task<RenderBatch> WithTimeout(Waiter waiter, TimeSpan timeout)
    {
        try
        {
            return await waiter.Done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new CircuitException($"no render with {waiter.What} within {timeout.TotalSeconds:0.#} s");
        }
        finally
        {
            lock (_gate) _waiters.Remove(waiter);
        }
    }

    /// <summary>The last element seen with this data-testid (its handlers are what the next event uses).</summary>
    public SeenElement? Element(string testId)
    {
        lock (_gate) return _byTestId.GetValueOrDefault(testId);
    }

    /// <summary>The last input seen with this placeholder.</summary>
    public SeenElement? Input(string placeholder)
    {
        lock (_gate) return _inputs.GetValueOrDefault(placeholder);
    }

    private static readonly bool Trace = Environment.GetEnvironmentVariable("FIELDKIT_LOAD_TRACE") == "1";

    private async Task OnRenderBatch(object?[] args)
    {
        var id = (long)args[0]!;
        var bytes = (byte[])args[1]!;
        if (Trace) Console.Error.WriteLine($"batch {id}: {bytes.Length} bytes");
        RenderBatch batch;
        try
        {
            batch = RenderBatch.Parse(bytes);
        }
        catch (FormatException ex)
        {
            Fail($"unreadable render batch {id}: {ex.Message}");
            await _hub.SendAsync("OnRenderCompleted", id, ex.Message);
            return;
        }
        if (Trace) Console.Error.WriteLine($"  strings {batch.Strings.Count} elements {batch.Elements.Count} testids: " +
            string.Join(",", batch.Elements.Select(e => e.Attr("data-testid")).Where(t => t is not null).Distinct().Take(30)) + " | " + string.Join(" ~ ", batch.Strings.Take(12)));
        List<Waiter>? matched = null;
        lock (_gate)
        {
            BatchesReceived++;
            BatchBytes += bytes.Length;
            LastBatchAt = DateTime.UtcNow;
            foreach (var e in batch.Elements)
            {
                if (e.Attributes.TryGetValue("data-testid", out var testId) && testId is not null)
                    _byTestId[testId] = e;
                if (e.Name == "input" && e.Attributes.TryGetValue("placeholder", out var placeholder) && placeholder is not null)
                    _inputs[placeholder] = e;
            }
            // A component that re-renders changes its input by SetAttribute edits: a new handler id (a new delegate) or
            // a new value (e.g. the remembered search set after the first render). One input per MudInput component.
            foreach (var (componentId, name, handler, value) in batch.AttributeUpdates)
                foreach (var (key, input) in _inputs)
                    if (input.ComponentId == componentId && (handler != 0 ? input.Handlers.ContainsKey(name) : name == "value"))
                    {
                        _inputs[key] = handler != 0
                            ? input with { Handlers = new Dictionary<string, ulong>(input.Handlers) { [name] = handler } }
                            : input with { Attributes = new Dictionary<string, string?>(input.Attributes) { [name] = value } };
                        break;
                    }
            foreach (var w in _waiters)
                if (w.Advance(batch)) (matched ??= []).Add(w);
            if (matched is not null) foreach (var w in matched) _waiters.Remove(w);
        }
        // Acknowledge before waking the waiters: after 10 unacknowledged batches the server stops sending.
        await _hub.SendAsync("OnRenderCompleted", id, null);
        if (matched is not null) foreach (var w in matched) w.Done.TrySetResult(batch);
    }

    // ---- JS calls from the server -----------------------------------------------------------------------

    private async Task OnBeginInvokeJs(object?[] args)
    {
        var asyncHandle = (long)args[0]!;
        var identifier = (string?)args[1] ?? "";
        var argsJson = (string?)args[2];
        var resultType = (int)args[3]!;
        JsCalls.AddOrUpdate(identifier, 1, (_, n) => n + 1);
        if (Trace) Console.Error.WriteLine($"js {asyncHandle} {identifier} {argsJson?[..Math.Min(200, argsJson.Length)]} rt={resultType}");

        if (identifier == "Blazor._internal.attachWebRendererInterop" && argsJson is not null)
        {
            var objectId = DotNetObjectPattern().Match(argsJson);
            if (objectId.Success) _renderer.TrySetResult(long.Parse(objectId.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            else Fail("attachWebRendererInterop without a .NET object id");
        }
        else if (identifier == "Blazor._internal.navigationManager.navigateTo" && argsJson is not null)
        {
            // The server navigates (NavigationManager.NavigateTo): the browser would move and report the new location.
            var target = JsonNode.Parse(argsJson)?[0]?.GetValue<string>();
            if (target is not null)
            {
                Location = new Uri(_base, target).ToString();
                _ = _hub.SendAsync("OnLocationChanged", Location, null, false);
            }
        }

        if (asyncHandle == 0) return;   // fire and forget
        JsonNode? result = resultType switch
        {
            1 => new JsonObject { ["__jsObjectId"] = Interlocked.Increment(ref _nextJsObjectId) },   // a JSObjectReference
            _ => KnownResult(identifier),
        };
        var answer = new JsonArray(asyncHandle, true, result).ToJsonString();
        JsCallsAnswered++;
        await _hub.SendAsync("EndInvokeJSFromDotNet", asyncHandle, true, answer);
    }

    /// <summary>What a browser would answer to the calls whose result the components read; null for the rest.</summary>
    private static JsonNode? KnownResult(string identifier) => identifier switch
    {
        "mudpopoverHelper.countProviders" => 1,
        _ when identifier.EndsWith("getBoundingClientRect", StringComparison.Ordinal) => new JsonObject
        {
            ["top"] = 0, ["left"] = 0, ["width"] = 1280, ["height"] = 40, ["bottom"] = 40, ["right"] = 1280,
            ["x"] = 0, ["y"] = 0, ["windowHeight"] = 800, ["windowWidth"] = 1280, ["scrollX"] = 0, ["scrollY"] = 0,
        },
        _ => null,
    };

    private Task OnEndInvokeDotNet(object?[] args)
    {
        var callId = (string?)args[0] ?? "";
        var ok = (bool)args[1]!;
        var payload = (string?)args[2] ?? "";
        if (_pendingCalls.TryRemove(callId, out var pending))
        {
            if (ok) pending.TrySetResult(payload);
            else pending.TrySetException(new CircuitException("the server refused the event: " + payload));
        }
        return Task.CompletedTask;
    }

    // ---- what a user does --------------------------------------------------------------------------------

    /// <summary>Sends an event to a handler id read from a batch, as blazor.web.js does; completes when the server has run it.</summary>
    public async Task DispatchAsync(ulong handlerId, string eventName, object eventArgs, TimeSpan timeout)
    {
        var renderer = await _renderer.Task;
        var callId = Interlocked.Increment(ref _nextCallId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingCalls[callId] = done;
        var json = JsonSerializer.Serialize(new object?[]
        {
            new { eventHandlerId = handlerId, eventName, eventFieldInfo = (object?)null },
            eventArgs,
        });
        await _hub.SendAsync("BeginInvokeDotNetFromJS", callId, null, "DispatchEventAsync", renderer, json);
        try
        {
            await done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _pendingCalls.TryRemove(callId, out _);
            throw new CircuitException($"the {eventName} event was not completed within {timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>A click on the element with this data-testid.</summary>
    public Task ClickAsync(string testId, TimeSpan timeout)
    {
        var element = Element(testId) ?? throw new CircuitException($"no element [data-testid={testId}] has been rendered");
        if (!element.Handlers.TryGetValue("onclick", out var handler)) throw new CircuitException($"[data-testid={testId}] has no click handler");
        return DispatchAsync(handler, "click", new { type = "click", detail = 1, button = 0, buttons = 0 }, timeout);
    }

    /// <summary>Typing into an input: its oninput handler with the whole new value (what @bind:event="oninput" reads).</summary>
    public Task InputAsync(SeenElement input, string value, TimeSpan timeout)
    {
        if (!input.Handlers.TryGetValue("oninput", out var handler)) throw new CircuitException($"the {input.Name} has no input handler");
        return DispatchAsync(handler, "input", new { value }, timeout);   // the server's ChangeEventArgs reader rejects unknown properties
    }

    /// <summary>Follows a link inside the circuit, as the router's intercepted click does (no page load).</summary>
    public Task NavigateAsync(string path)
    {
        Location = new Uri(_base, path).ToString();
        return _hub.SendAsync("OnLocationChanged", Location, null, true);
    }

    private void Fail(string why)
    {
        List<Waiter> waiting;
        lock (_gate)
        {
            _fatal ??= why;
            waiting = [.. _waiters];
            _waiters.Clear();
        }
        _renderer.TrySetException(new CircuitException(why));
        foreach (var w in waiting) w.Done.TrySetException(new CircuitException($"circuit failed ({why}) while waiting for {w.What}"));
        foreach (var p in _pendingCalls.Values) p.TrySetException(new CircuitException($"circuit failed ({why})"));
    }

    /// <summary>Null while the circuit is healthy; otherwise why it failed.</summary>
    public string? Fatal
    {
        get { lock (_gate) return _fatal; }
    }

    /// <summary>Closes the socket and tells the server the circuit is gone (POST /_blazor/disconnect), so it is not kept for reconnection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try { await _hub.DisposeAsync(); } catch (Exception) { /* already closed */ }
        if (_circuitId is null) return;
        try
        {
            using var form = new MultipartFormDataContent { { new StringContent(_circuitId), "circuitId" } };
            using var response = await _http.PostAsync("_blazor/disconnect", form);
        }
        catch (HttpRequestException) { /* the server is gone: nothing to release */ }
        catch (TaskCanceledException) { }
    }

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex MarkerPattern();

    [GeneratedRegex("<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex StatePattern();

    [GeneratedRegex("\"__dotNetObject\"\\s*:\\s*(\\d+)")]
    private static partial Regex DotNetObjectPattern();
}
