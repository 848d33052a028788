using System.Net;
using System.Net.Sockets;
using LlmLoad.Core.Transport;
using Microsoft.Extensions.Time.Testing;
using static LlmLoad.Core.Tests.Transport.Http1.Http1TestClient;

namespace LlmLoad.Core.Tests.Transport;

/// <summary>Connections opened before the run, against a real listener on 127.0.0.1.</summary>
public sealed class PreopenedConnectionsTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];

    public PreopenedConnectionsTests() => _listener.Start(backlog: 1024);

    private DnsEndPoint Endpoint => new("127.0.0.1", ((IPEndPoint)_listener.LocalEndpoint).Port);

    private EndpointOptions Options => OptionsFor(((IPEndPoint)_listener.LocalEndpoint).Port);

    private static EndpointOptions OptionsFor(int port) => new() { BaseUrl = new Uri($"http://127.0.0.1:{port}"), ConnectTimeout = TimeSpan.FromSeconds(10) };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Accepts whatever is waiting in the listen queue (connects finish in the kernel, before any accept).</summary>
    private async Task<int> AcceptWaitingAsync()
    {
        var count = 0;
        while (_listener.Pending())
        {
            _accepted.Add(await _listener.AcceptSocketAsync(Cancellation));
            count++;
        }
        return count;
    }

    [Fact]
    public async Task Opens_every_connection_asked_for_more_than_the_connects_allowed_in_flight()
    {
        using var preopened = new PreopenedConnections();

        var report = await preopened.OpenAsync(Options, PreopenedConnections.MaxConnectsInFlight + 72, Cancellation);

        Assert.Equal(200, report.Opened);
        Assert.Equal(0, report.Failed);
        Assert.Equal(200, await AcceptWaitingAsync());
        Assert.True(report.ConnectMaxMs >= report.ConnectP99Ms);
    }

    [Fact]
    public async Task Hands_out_the_preopened_connections_first_and_then_connects_anew()
    {
        using var preopened = new PreopenedConnections();
        await preopened.OpenAsync(Options, 3, Cancellation);
        Assert.Equal(3, await AcceptWaitingAsync());

        var streams = new List<Stream>();
        for (var i = 0; i < 3; i++)
        {
            streams.Add(await preopened.ConnectAsync(Endpoint, Cancellation));
        }
        var acceptedBeforeTheFourth = await AcceptWaitingAsync();
        streams.Add(await preopened.ConnectAsync(Endpoint, Cancellation));

        Assert.Equal(0, acceptedBeforeTheFourth);
        Assert.Equal(1, await AcceptWaitingAsync());
        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_connection_the_server_closed_while_it_waited_is_not_handed_out()
    {
        using var preopened = new PreopenedConnections();
        await preopened.OpenAsync(Options, 2, Cancellation);
        await AcceptWaitingAsync();
        _accepted[0].Close();
        _accepted[1].Close();
        // the FINs reach the client's sockets asynchronously
        await WaitUntilAsync(() => preopened.WaitingSeenClosed() == 2, "the server's FINs to reach the waiting connections");

        await using var stream = await preopened.ConnectAsync(Endpoint, Cancellation);

        // a fresh connection was made, and it works: what is written arrives at the server
        Assert.Equal(1, await AcceptWaitingAsync());
        await stream.WriteAsync(new byte[] { 42 }, Cancellation);
        var buffer = new byte[1];
        Assert.Equal(1, await _accepted[2].ReceiveAsync(buffer, SocketFlags.None, Cancellation));
        Assert.Equal(42, buffer[0]);
    }

    [Fact]
    public async Task Connections_still_waiting_when_the_hand_out_window_has_passed_are_closed_not_handed_out()
    {
        // given a connection asked for before (the pre-flight's), three opened well after it, one of them taken, and the
        // window passed since that take
        var time = new FakeTimeProvider();
        using var preopened = new PreopenedConnections(time) { HandOutWindow = TimeSpan.FromSeconds(2) };
        await using var preflight = await preopened.ConnectAsync(Endpoint, Cancellation);
        Assert.Equal(1, await AcceptWaitingAsync());
        time.Advance(TimeSpan.FromSeconds(60));
        await preopened.OpenAsync(Options, 3, Cancellation);
        Assert.Equal(3, await AcceptWaitingAsync());
        await using var first = await preopened.ConnectAsync(Endpoint, Cancellation);
        time.Advance(TimeSpan.FromSeconds(1));
        await using var withinWindow = await preopened.ConnectAsync(Endpoint, Cancellation);
        Assert.Equal(0, await AcceptWaitingAsync());
        time.Advance(TimeSpan.FromSeconds(1.5));

        // when
        await using var afterWindow = await preopened.ConnectAsync(Endpoint, Cancellation);

        // then a fresh connection was made, and the one left waiting was closed (the server reads its end), not those in use
        Assert.Equal(1, await AcceptWaitingAsync());
        static bool ClientClosed(Socket socket) => socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        await WaitUntilAsync(() => _accepted.Count(ClientClosed) >= 1, "the waiting connection's FIN to reach the server");
        Assert.Equal(1, _accepted.Count(ClientClosed));
    }

    [Fact]
    public async Task Connects_to_a_closed_port_are_counted_as_failed_without_throwing()
    {
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _listener.Stop();
        using var preopened = new PreopenedConnections();

        var report = await preopened.OpenAsync(OptionsFor(port), 5, Cancellation);

        Assert.Equal(0, report.Opened);
        Assert.Equal(5, report.Failed);
    }

    public void Dispose()
    {
        foreach (var socket in _accepted)
        {
            socket.Dispose();
        }
        _listener.Dispose();
    }
}
