using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LlmLoad.Tests.Support;

/// <summary>
/// A TCP server on 127.0.0.1 that reads each HTTP/1.1 request and then lets the test write raw bytes
/// back, for the faults Kestrel will not produce on purpose: a reset (RST) before any header, a chunked
/// body whose connection closes cleanly (FIN) mid-chunk. One request per connection.
/// </summary>
internal sealed class RawSocketServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<Socket, CancellationToken, Task> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _requests;

    private RawSocketServer(Func<Socket, CancellationToken, Task> respond)
    {
        _respond = respond;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptLoopAsync();
    }

    public Uri BaseUrl { get; }

    /// <summary>Requests whose headers were read completely.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Starts a server that calls <paramref name="respond"/> with the connected socket once the request is read.</summary>
    public static RawSocketServer Start(Func<Socket, CancellationToken, Task> respond) => new(respond);

    /// <summary>Writes ASCII text to the socket.</summary>
    public static async Task SendAsync(Socket socket, string text, CancellationToken cancellationToken) =>
        await socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None, cancellationToken);

    /// <summary>Closes with an RST instead of a FIN: a zero linger time discards the connection.</summary>
    public static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(enable: true, seconds: 0);
        socket.Close();
    }

    private Task AcceptLoopAsync() => AcceptEachAsync(_listener, socket => _ = ServeAsync(socket), _stop.Token);

    /// <summary>Hands each accepted socket to <paramref name="serve"/> until <paramref name="cancellationToken"/> or the listener stops.</summary>
    internal static async Task AcceptEachAsync(TcpListener listener, Action<Socket> serve, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            serve(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            await ReadRequestAsync(socket, _stop.Token);
            Interlocked.Increment(ref _requests);
            await _respond(socket, _stop.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // the client went away or the test ended: nothing to serve
        }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>Reads the header block and a Content-Length body, so the client never sees its request refused mid-send.</summary>
    private static async Task ReadRequestAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOfBlankLine(received)) < 0)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new IOException("the client closed before sending a whole request");
            }
            received.AddRange(buffer.AsSpan(0, read));
        }
        var headers = Encoding.ASCII.GetString(received.ToArray(), 0, headerEnd);
        var contentLength = headers.Split("\r\n")
            .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var bodyLeft = contentLength - (received.Count - headerEnd - 4);
        while (bodyLeft > 0)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new IOException("the client closed before sending the whole body");
            }
            bodyLeft -= read;
        }
    }

    /// <summary>Where the blank line that ends an HTTP head starts in <paramref name="received"/>, or -1.</summary>
    internal static int IndexOfBlankLine(List<byte> received)
    {
        for (var i = 0; i + 3 < received.Count; i++)
        {
            if (received[i] == '\r' && received[i + 1] == '\n' && received[i + 2] == '\r' && received[i + 3] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
