using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Transport;

/// <summary>
/// TCP connections (with TLS, for the own stack and https) opened before the clock starts, at a bounded number
/// of connects in flight, and handed to the connection pool as it asks for them (the own stack's
/// <c>Http1ConnectionPool</c>, or <see cref="SocketsHttpHandler.ConnectCallback"/>).
/// </summary>
/// <remarks>
/// Why: the first wave of a closed loop at c=4000 opened 4000 connections at once, overflowed the
/// server's listen queue, and every dropped SYN came back 1 s or 3 s later as TTFT blamed on the endpoint
/// (SYN retransmission). Servers' accept queues are often 128-512 long (Kestrel's default is 512),
/// so at most <see cref="MaxConnectsInFlight"/> connects are outstanding at a time. A connection the
/// server closed while it waited is dropped when handed out, and a fresh one is made instead.
/// An open loop opens one per request due in its first second (LevelRunner), and may not need them all at once: what
/// still waits <see cref="HandOutWindow"/> after the pool first asked is closed, not handed out later, as a server may
/// have closed it as idle by then (uvicorn, under vLLM and SGLang, after 5 s), which a TLS connection does not show.
/// </remarks>
/// <param name="timeProvider">Times the hand-out window (System when null).</param>
public sealed class PreopenedConnections(TimeProvider? timeProvider = null) : IDisposable
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Below the usual accept-queue lengths, so a burst of connects cannot overflow one.</summary>
    public const int MaxConnectsInFlight = 128;

    /// <summary>Connected sockets; for the own HTTP stack and an https endpoint, with their TLS session already set up.</summary>
    private readonly ConcurrentQueue<(Socket Socket, Stream? Tls)> _ready = new();

    /// <summary>Timestamp of the pool's first ask since <see cref="OpenAsync"/> on <see cref="_time"/>; 0 before it.</summary>
    private long _firstTakenAt;

    /// <summary>How long after the pool's first ask since they were opened the waiting connections are still handed out; null: for as long as they last.</summary>
    public TimeSpan? HandOutWindow { get; init; }

    /// <summary>
    /// Connects <paramref name="count"/> sockets to the endpoint's host, each within its connect timeout; failures are counted, not thrown.
    /// For the own HTTP stack and an https endpoint the TLS handshake is made here too, so the first wave's TTFT holds no
    /// handshake (<see cref="SocketsHttpHandler"/> makes its own on whatever it is handed, so its connections stay plain).
    /// </summary>
    public async Task<PreopenReport> OpenAsync(EndpointOptions endpointOptions, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var handshake = endpointOptions.HttpStack == HttpStack.Builtin && endpointOptions.BaseUrl.Scheme == Uri.UriSchemeHttps;
        // the host and port the pool would connect to (SocketsHttpHandler uses the URI's IdnHost too)
        var endpoint = new DnsEndPoint(endpointOptions.BaseUrl.IdnHost, endpointOptions.BaseUrl.Port);
        var started = Stopwatch.GetTimestamp();
        var connectMs = new ConcurrentBag<double>();
        var failed = 0;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = MaxConnectsInFlight, CancellationToken = cancellationToken },
            async (_, token) =>
            {
                var connectStarted = Stopwatch.GetTimestamp();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(endpointOptions.ConnectTimeout);
                try
                {
                    var socket = await ConnectSocketAsync(endpoint, timeout.Token).ConfigureAwait(false);
                    var tls = handshake ? await HandshakeAsync(socket, endpointOptions, timeout.Token).ConfigureAwait(false) : null;
                    _ready.Enqueue((socket, tls));
                    connectMs.Add(Stopwatch.GetElapsedTime(connectStarted).TotalMilliseconds);
                }
                catch (Exception exception) when (exception is SocketException or HttpRequestException
                    || (exception is OperationCanceledException && !token.IsCancellationRequested))
                {
                    // the run's own requests will meet the same failure and record it
                    Interlocked.Increment(ref failed);
                }
            }).ConfigureAwait(false);
        // the window counts from the first ask for one of these, not from an earlier one (the pre-flight's connection)
        Interlocked.Exchange(ref _firstTakenAt, 0);
        var connectStats = LatencyStats.From(connectMs);
        return new PreopenReport(connectMs.Count, failed, Stopwatch.GetElapsedTime(started), connectStats.P99 ?? 0, connectStats.Max ?? 0);
    }

    private static async Task<Stream> HandshakeAsync(Socket socket, EndpointOptions endpointOptions, CancellationToken cancellationToken)
    {
        try
        {
            return await TlsClient.AuthenticateAsync(new NetworkStream(socket, ownsSocket: true), endpointOptions, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A pre-opened connection while any is left and still open, else a new plain one; <c>Tls</c> is set when the handshake was made in advance.</summary>
    public async ValueTask<(Socket Socket, Stream? Tls)> TakeOrConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        var firstTakenAt = Interlocked.CompareExchange(ref _firstTakenAt, now, 0) is var earlier and not 0 ? earlier : now;
        if (_time.GetElapsedTime(firstTakenAt, now) > HandOutWindow)
        {
            CloseWaiting();
        }
        while (_ready.TryDequeue(out var ready))
        {
            // readable with nothing to read means the server closed it while it waited; not asked of a TLS
            // connection, which a TLS 1.3 server's session tickets make readable (it was opened moments ago)
            if (ready.Tls is not null || !LooksClosed(ready.Socket))
            {
                return ready;
            }
            ready.Socket.Dispose();
        }
        return (await ConnectSocketAsync(endpoint, cancellationToken).ConfigureAwait(false), null);
    }

    /// <summary>How many waiting connections already show the server's close: the state tests wait on, as nothing else exposes it.</summary>
    internal int WaitingSeenClosed() => _ready.Count(ready => ready.Tls is null && LooksClosed(ready.Socket));

    private static bool LooksClosed(Socket socket) => socket.Poll(0, SelectMode.SelectRead);

    /// <summary><see cref="TakeOrConnectAsync"/> as <see cref="SocketsHttpHandler.ConnectCallback"/> wants it (always plain: see <see cref="OpenAsync"/>).</summary>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken) =>
        new NetworkStream((await TakeOrConnectAsync(endpoint, cancellationToken).ConfigureAwait(false)).Socket, ownsSocket: true);

    /// <summary>What <see cref="SocketsHttpHandler"/> does by default: a dual-mode TCP socket without Nagle's delay.</summary>
    internal static async ValueTask<Socket> ConnectSocketAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => CloseWaiting();

    private void CloseWaiting()
    {
        while (_ready.TryDequeue(out var ready))
        {
            ready.Tls?.Dispose();
            ready.Socket.Dispose();
        }
    }
}
