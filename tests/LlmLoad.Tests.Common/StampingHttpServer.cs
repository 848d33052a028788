using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LlmLoad.Core.Load;

namespace LlmLoad.Tests.Common;

/// <summary>
/// A loopback HTTP/1.1 server on raw sockets that stamps when each request's first byte reaches it, for measuring when
/// a client's requests arrive (the trace-arrival test and the <c>trace-arrival</c> bench). One dedicated thread per
/// connection blocks in <c>recv</c> and reads <see cref="Stopwatch.GetTimestamp"/> as soon as it returns, so a stamp is
/// the kernel's delivery plus a thread wake-up, not an HTTP stack's dispatch (Kestrel added 0.4 ms at p50 and 1.5-3 ms
/// at p99), and the thread asks for a short time slice so that wake-up is prompt. On Linux the stamp is
/// CLOCK_MONOTONIC, the same clock in every process.
/// </summary>
public sealed class StampingHttpServer : IDisposable
{
    /// <summary>What a request gets back: its status, content type and whole body.</summary>
    public readonly record struct Reply(int Status, string ContentType, byte[] Content);

    /// <summary>Answers one request: its head (request line and headers), body, and the stamp of its first byte.</summary>
    public delegate Reply Responder(string head, byte[] body, long arrivedAt);

    private readonly Socket _listener;
    private readonly Responder _respond;

    private StampingHttpServer(Socket listener, Responder respond)
    {
        _listener = listener;
        _respond = respond;
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}/");
    }

    public Uri BaseUrl { get; }

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    private int _connections;

    /// <summary>Listens on 127.0.0.1:<paramref name="port"/> (0: a free one) and accepts connections on a thread of its own.</summary>
    public static StampingHttpServer Start(Responder respond, int port = 0)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(512);
        var server = new StampingHttpServer(listener, respond);
        new Thread(server.Accept) { IsBackground = true, Name = "stamping accept" }.Start();
        return server;
    }

    /// <summary>The 200 reply of a short chat stream: one token, usage, <c>[DONE]</c>.</summary>
    public static Reply OneTokenChatStream(string model) => new(200, "text/event-stream", Encoding.UTF8.GetBytes(
        $"data: {{\"id\":\"a\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"{model}\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"Hi\"}},\"finish_reason\":null}}]}}\n\n"
        + $"data: {{\"id\":\"a\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"{model}\",\"choices\":[{{\"index\":0,\"delta\":{{}},\"finish_reason\":\"stop\"}}],\"usage\":{{\"prompt_tokens\":8,\"completion_tokens\":1,\"total_tokens\":9}}}}\n\n"
        + "data: [DONE]\n\n"));

    /// <summary>The 200 reply of <c>GET /v1/models</c> listing <paramref name="model"/>.</summary>
    public static Reply ModelList(string model) =>
        new(200, "application/json", Encoding.UTF8.GetBytes($"{{\"object\":\"list\",\"data\":[{{\"id\":\"{model}\",\"object\":\"model\"}}]}}"));

    private void Accept()
    {
        try
        {
            while (true)
            {
                var connection = _listener.Accept();
                Interlocked.Increment(ref _connections);
                connection.NoDelay = true;
                new Thread(() => Serve(connection)) { IsBackground = true, Name = "stamping connection" }.Start();
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // disposed
        }
    }

    /// <summary>Answers the connection's requests in turn until the client closes it.</summary>
    private void Serve(Socket connection)
    {
        using var _ = connection;
        // woken as a request arrives while the client keeps both cores busy, a thread with the usual slice waited
        // for a core for up to 2.4 ms at p99, and the stamp with it
        ShortTimeSlice.TryRequest();
        var buffer = new byte[64 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                // the stamp is read before anything else is done with the bytes
                var read = connection.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
                var arrivedAt = Stopwatch.GetTimestamp();
                if (read == 0)
                {
                    return;
                }
                length += read;
                // a request that came in the same read as the one before it is stamped when that read returned
                while (TryTakeRequest(connection, ref buffer, ref length, out var head, out var body))
                {
                    Send(connection, _respond(head, body, arrivedAt));
                }
            }
        }
        catch (SocketException)
        {
            // the client went away
        }
    }

    /// <summary>Takes one whole request off the front of the buffer, reading more of its body if needed; false when its head is not all in.</summary>
    private static bool TryTakeRequest(Socket connection, ref byte[] buffer, ref int length, out string head, out byte[] body)
    {
        head = "";
        body = [];
        var headEnd = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            return false;
        }
        head = Encoding.ASCII.GetString(buffer, 0, headEnd);
        var contentLength = ContentLength(head);
        var total = headEnd + 4 + contentLength;
        if (total > buffer.Length)
        {
            Array.Resize(ref buffer, total);
        }
        while (length < total)
        {
            var read = connection.Receive(buffer, length, total - length, SocketFlags.None);
            if (read == 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }
            length += read;
        }
        body = buffer.AsSpan(headEnd + 4, contentLength).ToArray();
        buffer.AsSpan(total, length - total).CopyTo(buffer);
        length -= total;
        return true;
    }

    private static int ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("content-length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(line.AsSpan("content-length:".Length), CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }

    private static void Send(Socket connection, Reply reply)
    {
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {reply.Status} {(reply.Status == 200 ? "OK" : "Not Found")}\r\nContent-Type: {reply.ContentType}\r\nContent-Length: {reply.Content.Length}\r\n\r\n"));
        connection.Send([new ArraySegment<byte>(head), new ArraySegment<byte>(reply.Content)]);
    }

    /// <summary>Stops accepting; a connection's thread ends when its client closes it.</summary>
    public void Dispose() => _listener.Dispose();
}
