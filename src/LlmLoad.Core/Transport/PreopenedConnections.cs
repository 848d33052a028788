using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Transport;

/// <summary>
/// TCP connections opened before the clock starts, at a bounded number of connects in flight, and
/// handed to the connection pool as it asks for them (<see cref="SocketsHttpHandler.ConnectCallback"/>).
/// </summary>
/// <remarks>
/// Why: the first wave of a closed loop at c=4000 opened 4000 connections at once, overflowed the
/// server's listen queue, and every dropped SYN came back 1 s or 3 s later as TTFT blamed on the endpoint
/// (BENCHMARKS.md, fix 5). Servers' accept queues are often 128-512 long (Kestrel's default is 512),
/// so at most <see cref="MaxConnectsInFlight"/> connects are outstanding at a time. A connection the
/// server closed while it waited is dropped when handed out, and a fresh one is made instead.
/// </remarks>
public sealed class PreopenedConnections : IDisposable
{
    /// <summary>Below the usual accept-queue lengths, so a burst of connects cannot overflow one.</summary>
    public const int MaxConnectsInFlight = 128;

    private readonly ConcurrentQueue<Socket> _ready = new();

    /// <summary>Connects <paramref name="count"/> sockets to the endpoint's host, each within its connect timeout; failures are counted, not thrown.</summary>
    public async Task<PreopenReport> OpenAsync(EndpointOptions endpointOptions, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
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
                    _ready.Enqueue(await ConnectSocketAsync(endpoint, timeout.Token).ConfigureAwait(false));
                    connectMs.Add(Stopwatch.GetElapsedTime(connectStarted).TotalMilliseconds);
                }
                catch (Exception exception) when (exception is SocketException || (exception is OperationCanceledException && !token.IsCancellationRequested))
                {
                    // the run's own requests will meet the same failure and record it
                    Interlocked.Increment(ref failed);
                }
            }).ConfigureAwait(false);
        var connectStats = LatencyStats.From(connectMs);
        return new PreopenReport(connectMs.Count, failed, Stopwatch.GetElapsedTime(started), connectStats.P99 ?? 0, connectStats.Max ?? 0);
    }

    /// <summary>A pre-opened connection while any is left and still open, else a new one.</summary>
    public async ValueTask<Socket> TakeOrConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        while (_ready.TryDequeue(out var socket))
        {
            // readable with nothing to read means the server closed it while it waited
            if (!socket.Poll(0, SelectMode.SelectRead))
            {
                return socket;
            }
            socket.Dispose();
        }
        return await ConnectSocketAsync(endpoint, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><see cref="TakeOrConnectAsync"/> as <see cref="SocketsHttpHandler.ConnectCallback"/> wants it.</summary>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken) =>
        new NetworkStream(await TakeOrConnectAsync(endpoint, cancellationToken).ConfigureAwait(false), ownsSocket: true);

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

    public void Dispose()
    {
        while (_ready.TryDequeue(out var socket))
        {
            socket.Dispose();
        }
    }
}
