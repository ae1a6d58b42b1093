using System.Net;
using System.Net.Sockets;
using FieldKit.Domain.Companies;
using FieldKit.Tests.Infrastructure;
using FieldKit.Web.Features.Companies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FieldKit.Tests.Operations;

/// <summary>
/// The availability probe tells a slow database from a gone one: a busy server (or a long GC pause here) made a
/// 3 s probe time out under load, and every open tab showed "not reachable" (issue #10). Real servers behind
/// loopback sockets: a proxy that answers late, a listener that never answers, a port nobody listens on.
/// </summary>
[Collection(DatabaseCollection.Name)]
public sealed class AvailabilityProbeTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromMilliseconds(500);

    private static CompanyAvailability Availability(int port, TimeSpan slow)
    {
        var target = new NpgsqlConnectionStringBuilder(TestConfiguration.ConnectionString("fieldkit_cts")) { Host = "127.0.0.1", Port = port };
        var catalogue = new CompanyCatalogue([new CompanyInfo { Code = "cts", Name = "CTS", ConnectionString = target.ConnectionString, PrimaryColor = "#333333" }]);
        return new CompanyAvailability(catalogue, new ConfigurationBuilder().Build(), NullLogger<CompanyAvailability>.Instance)
        {
            ProbeTimeout = Quick,
            SlowProbeTimeout = slow,
        };
    }

    [Fact]
    public async Task A_database_that_answers_after_the_first_timeout_is_not_reported_down()
    {
        var pg = new NpgsqlConnectionStringBuilder(TestConfiguration.ConnectionString("fieldkit_cts"));
        using var proxy = new SlowProxy(pg.Host!, pg.Port, delay: TimeSpan.FromSeconds(1));
        var availability = Availability(proxy.Port, slow: TimeSpan.FromSeconds(10));

        var first = await availability.ProbeAsync("cts", CancellationToken.None);
        var changes = 0;
        availability.Changed += () => changes++;
        var second = await availability.ProbeAsync("cts", CancellationToken.None);

        Assert.True(first && second);
        Assert.True(availability.IsAvailable("cts"));
        Assert.Equal(0, changes);
        // Each probe's quick try timed out and its longer one answered.
        Assert.Equal(4, proxy.Connections);
    }

    [Fact]
    public async Task A_database_that_never_answers_is_reported_down_after_the_longer_try()
    {
        // Accepts connections (the kernel's backlog) and never says a word.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var availability = Availability(((IPEndPoint)silent.LocalEndpoint).Port, slow: TimeSpan.FromSeconds(1));
            var changes = 0;
            availability.Changed += () => changes++;

            var up = await availability.ProbeAsync("cts", CancellationToken.None);

            Assert.False(up);
            Assert.False(availability.IsAvailable("cts"));
            Assert.Equal(1, changes);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task A_refused_connection_is_down_at_once_without_the_longer_try()
    {
        var free = new TcpListener(IPAddress.Loopback, 0);
        free.Start();
        var port = ((IPEndPoint)free.LocalEndpoint).Port;
        free.Stop();
        // A second try would wait this long: finishing well before it shows there was none.
        var availability = Availability(port, slow: TimeSpan.FromMinutes(5));

        var up = await availability.ProbeAsync("cts", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.False(up);
        Assert.False(availability.IsAvailable("cts"));
    }

    /// <summary>Forwards each connection to PostgreSQL only after a delay: a server too busy to accept at once.</summary>
    private sealed class SlowProxy : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private int _connections;

        public SlowProxy(string host, int port, TimeSpan delay)
        {
            _listener.Start();
            _ = AcceptAsync(host, port, delay);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
        public int Connections => Volatile.Read(ref _connections);

        private async Task AcceptAsync(string host, int port, TimeSpan delay)
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (OperationCanceledException) { return; }
                Interlocked.Increment(ref _connections);
                _ = ForwardAsync(client, host, port, delay);
            }
        }

        private async Task ForwardAsync(TcpClient client, string host, int port, TimeSpan delay)
        {
            using (client)
            {
                try
                {
                    await Task.Delay(delay, _stop.Token);   // the slowness under test, not a wait for something
                    using var server = new TcpClient();
                    await server.ConnectAsync(host, port, _stop.Token);
                    var a = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
                    var b = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                    await Task.WhenAny(a, b);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
                {
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
