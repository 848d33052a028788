using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace LlmLoad.Core.Transport.Http1;

/// <summary>
/// The connections to one server: idle ones are reused last-in first-out (the warmest first), new ones come
/// from <see cref="PreopenedConnections"/> or a fresh connect, with TLS for <c>https</c>.
/// </summary>
/// <param name="maxExchanges">Requests in flight at once (as SocketsHttpHandler's <c>MaxConnectionsPerServer</c>): more wait for one to end.</param>
internal sealed class Http1ConnectionPool(Uri server, EndpointOptions endpoint, int maxExchanges, PreopenedConnections? preopened) : IDisposable
{
    /// <summary>An unread body is read to its end, up to this much, so its connection can be reused (as SocketsHttpHandler does).</summary>
    private const int MaxDrainBytes = 1024 * 1024;

    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(1);

    private readonly ConcurrentStack<Http1Connection> _idle = new();
    private readonly ConcurrentDictionary<Http1Connection, byte> _open = new();
    private readonly DnsEndPoint _endPoint = new(server.IdnHost, server.Port);
    private readonly SemaphoreSlim _exchanges = new(maxExchanges, maxExchanges);
    private volatile bool _disposed;

    /// <summary>Waits for room for one more request in flight; <see cref="EndExchange"/> gives it back.</summary>
    public Task BeginExchangeAsync(CancellationToken cancellationToken) => _exchanges.WaitAsync(cancellationToken);

    /// <summary>A request is over (its response disposed, or it failed): its connection goes back, and another request may start.</summary>
    public void EndExchange(Http1Connection? connection, bool reusable)
    {
        if (connection is not null)
        {
            Return(connection, reusable);
        }
        _exchanges.Release();
    }

    /// <summary>An idle connection that still looks open, or null.</summary>
    public Http1Connection? TryTakeIdle()
    {
        while (_idle.TryPop(out var connection))
        {
            if (!connection.LooksClosed())
            {
                return connection;
            }
            Close(connection);
        }
        return null;
    }

    /// <summary>Idle connections, and how many of them already show the server's close: the state tests wait on, as nothing else exposes it.</summary>
    internal (int Idle, int SeenClosed) IdleState()
    {
        var idle = _idle.ToArray();
        return (idle.Length, idle.Count(connection => connection.LooksClosed()));
    }

    /// <exception cref="HttpRequestException">No connection could be made (refused, unreachable, DNS, TLS, connect timeout).</exception>
    public async Task<Http1Connection> ConnectAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(endpoint.ConnectTimeout);
        Socket? socket = null;
        try
        {
            Stream? tls = null;
            if (preopened is null)
            {
                socket = await PreopenedConnections.ConnectSocketAsync(_endPoint, timeout.Token).ConfigureAwait(false);
            }
            else
            {
                (socket, tls) = await preopened.TakeOrConnectAsync(_endPoint, timeout.Token).ConfigureAwait(false);
            }
            var stream = tls ?? new NetworkStream(socket, ownsSocket: true);
            if (server.Scheme == Uri.UriSchemeHttps && tls is null)
            {
                stream = await TlsClient.AuthenticateAsync(stream, endpoint, timeout.Token).ConfigureAwait(false);
            }
            var connection = new Http1Connection(socket, stream);
            _open.TryAdd(connection, 0);
            return connection;
        }
        catch (SocketException exception)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"{exception.Message} ({_endPoint.Host}:{_endPoint.Port})", exception);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket?.Dispose();
            throw new HttpRequestException(HttpRequestError.ConnectionError,
                $"No connection to {_endPoint.Host}:{_endPoint.Port} within {endpoint.ConnectTimeout.TotalSeconds:0.###} s.", new TimeoutException());
        }
        catch
        {
            socket?.Dispose();
            throw;
        }
    }

    /// <summary>Takes a connection back: pooled when it can carry another request, else closed.</summary>
    public void Return(Http1Connection connection, bool reusable)
    {
        if (!reusable || _disposed || !connection.KeepAlive)
        {
            Close(connection);
            return;
        }
        bool finished;
        try
        {
            finished = connection.TryFinishFromBuffer();
        }
        catch (IOException)
        {
            // a malformed rest of the body; this runs from a response's Dispose, which must not throw
            Close(connection);
            return;
        }
        if (finished)
        {
            Keep(connection);
        }
        else
        {
            _ = DrainAsync(connection);
        }
    }

    private async Task DrainAsync(Http1Connection connection)
    {
        try
        {
            using var timeout = new CancellationTokenSource(s_drainTimeout);
            if (await connection.TryDrainAsync(MaxDrainBytes, timeout.Token).ConfigureAwait(false))
            {
                Keep(connection);
                return;
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or HttpRequestException or ObjectDisposedException)
        {
            // a body that does not end in time or ends badly: the connection is not worth keeping
        }
        Close(connection);
    }

    private void Keep(Http1Connection connection)
    {
        if (!connection.CanBeReused)
        {
            Close(connection);
            return;
        }
        _idle.Push(connection);
        // Dispose may have emptied the stack just before the push
        if (_disposed && _idle.TryPop(out var late))
        {
            Close(late);
        }
    }

    private void Close(Http1Connection connection)
    {
        _open.TryRemove(connection, out _);
        connection.Dispose();
    }

    /// <summary>Closes every connection, idle or in use (a run's end: in-flight reads fail and are recorded as such).</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var connection in _open.Keys)
        {
            Close(connection);
        }
        // the semaphore is left undisposed: responses disposed after the pool still end their exchange
        _idle.Clear();
    }
}
