using System.Net.WebSockets;
using FieldKit.Tests.Infrastructure;

namespace FieldKit.Tests.Web;

/// <summary>
/// The circuit's WebSocket as Chromium opens it (offering permessage-deflate): the app compresses, but each message
/// on its own, so no tab keeps a compressor of its own on the server (decision 017).
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class WebSocketCompressionTests(AppFixture app)
{
    [Fact]
    public async Task The_circuit_socket_is_compressed_without_a_compressor_kept_per_tab()
    {
        using var socket = new ClientWebSocket();
        socket.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        socket.Options.CollectHttpResponseDetails = true;
        var url = new UriBuilder(app.App.BaseAddress) { Scheme = "ws", Path = "/_blazor" }.Uri;

        await socket.ConnectAsync(url, CancellationToken.None);

        Assert.Equal(WebSocketState.Open, socket.State);
        var extensions = string.Join(", ", socket.HttpResponseHeaders!["Sec-WebSocket-Extensions"]);
        Assert.Contains("permessage-deflate", extensions, StringComparison.Ordinal);
        Assert.Contains("server_no_context_takeover", extensions, StringComparison.Ordinal);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }
}
