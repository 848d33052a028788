using System.Net;
using System.Net.Security;
using LlmLoad.Core.Transport.Http1;

namespace LlmLoad.Core.Transport;

/// <summary>
/// Builds the one <see cref="HttpClient"/> a run uses. Every handler setting is written out
/// because defaults (proxies, redirects, decompression, retries) would change what is measured.
/// </summary>
public static class LoadHttpClientFactory
{
    /// <param name="maxConnections">Requests in flight at once (one connection each); more wait for one to end.</param>
    /// <param name="preopened">Connections opened before the run, handed to the pool first; null: the pool connects as it needs.</param>
    public static HttpClient Create(EndpointOptions endpoint, int maxConnections, PreopenedConnections? preopened = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConnections);
        return new HttpClient(endpoint.HttpStack == HttpStack.Builtin ? new Http1Handler(endpoint, maxConnections, preopened) : CreateSocketsHandler(endpoint, maxConnections, preopened), disposeHandler: true)
        {
            // each request has its own TTFT, idle and total timeouts (RequestTimeouts)
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    private static SocketsHttpHandler CreateSocketsHandler(EndpointOptions endpoint, int maxConnections, PreopenedConnections? preopened)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = endpoint.ConnectTimeout,
            // connections live for the whole run: reconnecting mid-run would add handshakes to TTFT
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            EnableMultipleHttp2Connections = true,
            ResponseDrainTimeout = TimeSpan.FromSeconds(1),
        };
        if (preopened is not null)
        {
            handler.ConnectCallback = (context, cancellationToken) => preopened.ConnectAsync(context.DnsEndPoint, cancellationToken);
        }
        if (endpoint.Insecure)
        {
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true };
        }
        return handler;
    }
}
