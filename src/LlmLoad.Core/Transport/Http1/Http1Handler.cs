using System.Collections.Concurrent;

namespace LlmLoad.Core.Transport.Http1;

/// <summary>
/// llmload's own HTTP/1.1 client stack behind <see cref="HttpClient"/>: the same requests and the same
/// exceptions as <see cref="SocketsHttpHandler"/> (so <see cref="RequestExecutor"/> classifies failures the
/// same way), without its per-read allocations. A token event costs one socket read and no allocation
/// here; through SocketsHttpHandler it cost about 530 bytes, whose garbage collections paused the whole
/// client and showed up as TTFT (BENCHMARKS.md § "Where the client's CPU and allocations go").
/// </summary>
/// <remarks>No proxy, no redirects, no decompression, no cookies, no retries except for a pooled connection the request could not be written to (a keep-alive the server closed).</remarks>
/// <param name="maxConnections">Requests in flight at once per server; more wait, as with SocketsHttpHandler's limit of the same name.</param>
internal sealed class Http1Handler(EndpointOptions endpoint, int maxConnections, PreopenedConnections? preopened) : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, Http1ConnectionPool> _pools = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("the request has no URI");
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new NotSupportedException($"the '{uri.Scheme}' scheme is not supported");
        }
        var pool = _pools.GetOrAdd(uri.GetLeftPart(UriPartial.Authority),
            static (_, state) => new Http1ConnectionPool(state.uri, state.endpoint, state.maxConnections, state.preopened), (uri, endpoint, maxConnections, preopened));
        await pool.BeginExchangeAsync(cancellationToken).ConfigureAwait(false);
        Http1Connection? connection = null;
        try
        {
            while (true)
            {
                var pooled = pool.TryTakeIdle();
                connection = pooled ?? await pool.ConnectAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    // the exchange ends when the response's body stream is disposed
                    return await connection.SendAsync(request, pool, cancellationToken).ConfigureAwait(false);
                }
                catch (Http1StaleConnectionException) when (pooled is not null)
                {
                    pool.Return(connection, reusable: false);
                    connection = null;
                }
                catch (Http1StaleConnectionException exception)
                {
                    throw new HttpRequestException(HttpRequestError.Unknown, "An error occurred while sending the request.", exception.InnerException);
                }
            }
        }
        catch
        {
            pool.EndExchange(connection, reusable: false);
            throw;
        }
    }

    /// <summary>Idle connections over every server, and how many show the server's close (see <see cref="Http1ConnectionPool.IdleState"/>).</summary>
    internal (int Idle, int SeenClosed) IdleState() =>
        _pools.Values.Select(pool => pool.IdleState()).Aggregate((Idle: 0, SeenClosed: 0), (sum, pool) => (sum.Idle + pool.Idle, sum.SeenClosed + pool.SeenClosed));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var pool in _pools.Values)
            {
                pool.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
