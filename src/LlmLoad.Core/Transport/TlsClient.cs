using System.Net.Security;
using System.Security.Authentication;

namespace LlmLoad.Core.Transport;

/// <summary>The client side of a TLS handshake for an <c>https</c> endpoint, failures worded as <see cref="SocketsHttpHandler"/> words them.</summary>
internal static class TlsClient
{
    /// <exception cref="HttpRequestException">The handshake failed (<see cref="HttpRequestError.SecureConnectionError"/>: the request never reached the server).</exception>
    public static async Task<SslStream> AuthenticateAsync(Stream connection, EndpointOptions endpoint, CancellationToken cancellationToken)
    {
        var tls = new SslStream(connection, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = endpoint.BaseUrl.IdnHost,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = endpoint.Insecure ? (_, _, _, _) => true : null,
            }, cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established, see inner exception.", exception);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
