using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace LlmLoad.Tests.Support;

/// <summary>
/// A TCP server on 127.0.0.1 (TLS when given a certificate) that reads any number of HTTP/1.1 requests per
/// connection and answers each with the raw bytes the test writes. Unlike <see cref="RawSocketServer"/>
/// (one request per connection) it counts the connections it accepted and keeps every request it read,
/// so keep-alive and the exact request bytes can be checked.
/// </summary>
internal sealed class RawHttp1Server : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<Exchange, CancellationToken, Task> _respond;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentQueue<Task> _serving = new();
    private readonly StringBuilder _received = new();
    private readonly Task _accepting;
    private int _connections;
    private int _closedConnections;
    private int _tlsSessions;

    private RawHttp1Server(Func<Exchange, CancellationToken, Task> respond, X509Certificate2? certificate)
    {
        _respond = respond;
        _certificate = certificate;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        BaseUrl = new Uri($"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}");
        _accepting = AcceptLoopAsync();
    }

    public Uri BaseUrl { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>TLS handshakes completed (with a certificate).</summary>
    public int TlsSessions => Volatile.Read(ref _tlsSessions);

    /// <summary>Connections the server has finished with (the client closed them, or the test did).</summary>
    public int ClosedConnections => Volatile.Read(ref _closedConnections);

    /// <summary>Every request read completely, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Every byte received on any connection, as Latin-1 text (whole requests or not).</summary>
    public string ReceivedText
    {
        get
        {
            lock (_received)
            {
                return _received.ToString();
            }
        }
    }

    /// <summary>Starts a server that calls <paramref name="respond"/> for each request once its head and Content-Length body are read.</summary>
    public static RawHttp1Server Start(Func<Exchange, CancellationToken, Task> respond, X509Certificate2? certificate = null) => new(respond, certificate);

    /// <summary>A request as it arrived: the head up to (without) its blank line, and the body.</summary>
    public sealed record ReceivedRequest(string Head, byte[] Body)
    {
        public string[] HeadLines => Head.Split("\r\n");
    }

    /// <summary>One request on one connection, and the means to answer it.</summary>
    public sealed class Exchange(Socket socket, Stream stream, ReceivedRequest request, int connection)
    {
        public ReceivedRequest Request => request;

        /// <summary>The connection's number in accept order, from 1.</summary>
        public int Connection => connection;

        internal bool Closed { get; private set; }

        /// <summary>Writes Latin-1 text in one write.</summary>
        public async Task WriteAsync(string text, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(Encoding.Latin1.GetBytes(text), cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }

        /// <summary>Writes one byte per send with a short pause between them, so the client's reads see framing cut anywhere.</summary>
        public async Task WriteByteByByteAsync(string text, CancellationToken cancellationToken)
        {
            foreach (var b in Encoding.Latin1.GetBytes(text))
            {
                await stream.WriteAsync(new[] { b }, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                await Task.Delay(1, cancellationToken);
            }
        }

        /// <summary>Closes cleanly (FIN) after what was written; no further request is read from this connection.</summary>
        public void Close()
        {
            Closed = true;
            socket.Shutdown(SocketShutdown.Send);
        }
    }

    private Task AcceptLoopAsync() =>
        RawSocketServer.AcceptEachAsync(_listener, socket => _serving.Enqueue(ServeAsync(socket, Interlocked.Increment(ref _connections))), _stop.Token);

    private async Task ServeAsync(Socket socket, int connection)
    {
        // each write leaves at once: byte-by-byte writes must reach the client as separate segments
        socket.NoDelay = true;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            if (_certificate is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _certificate,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                }, _stop.Token);
                Interlocked.Increment(ref _tlsSessions);
            }
            var pending = new List<byte>();
            while (await ReadRequestAsync(stream, pending, _stop.Token) is { } request)
            {
                _requests.Enqueue(request);
                var exchange = new Exchange(socket, stream, request, connection);
                await _respond(exchange, _stop.Token);
                if (exchange.Closed)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException or IOException
            or AuthenticationException)
        {
            // the client went away, refused the certificate, or the test ended: nothing more to serve
        }
        finally
        {
            await stream.DisposeAsync();
            Interlocked.Increment(ref _closedConnections);
        }
    }

    /// <summary>The next request (head and Content-Length body), or null when the client closed between requests.</summary>
    private async Task<ReceivedRequest?> ReadRequestAsync(Stream stream, List<byte> pending, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = RawSocketServer.IndexOfBlankLine(pending)) < 0)
        {
            if (await ReceiveAsync(stream, buffer, pending, cancellationToken) == 0)
            {
                return pending.Count == 0 ? null : throw new IOException("the client closed in the middle of a request head");
            }
        }
        var head = Encoding.Latin1.GetString(pending.ToArray(), 0, headEnd);
        var contentLength = head.Split("\r\n")
            .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        while (pending.Count < headEnd + 4 + contentLength)
        {
            if (await ReceiveAsync(stream, buffer, pending, cancellationToken) == 0)
            {
                throw new IOException("the client closed before sending the whole body");
            }
        }
        var body = pending.GetRange(headEnd + 4, contentLength).ToArray();
        pending.RemoveRange(0, headEnd + 4 + contentLength);
        return new ReceivedRequest(head, body);
    }

    private async Task<int> ReceiveAsync(Stream stream, byte[] buffer, List<byte> pending, CancellationToken cancellationToken)
    {
        var read = await stream.ReadAsync(buffer, cancellationToken);
        pending.AddRange(buffer.AsSpan(0, read));
        lock (_received)
        {
            _received.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }
        return read;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_serving);
        _stop.Dispose();
    }
}
