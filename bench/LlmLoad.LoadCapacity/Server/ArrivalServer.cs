using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LlmLoad.LoadCapacity.Server;

/// <summary>
/// The <c>arrival-server</c> mode: a loopback HTTP/1.1 server that stamps when each request's first byte reaches it,
/// for <c>trace-arrival</c>. One dedicated thread per connection blocks in <c>recv</c> and reads the monotonic clock as
/// soon as it returns, so a stamp is the kernel's delivery plus a thread wake-up, not an HTTP stack's dispatch (Kestrel
/// added 0.4 ms at p50 and 1.5-3 ms at p99 here). Every <c>POST /v1/chat/completions</c> gets one short SSE stream at
/// once (one token, usage, <c>[DONE]</c>), so the server takes as little CPU as possible from the client it measures.
/// </summary>
/// <remarks>
/// Stamps are <see cref="Stopwatch.GetTimestamp"/> values, by the request index the harness client puts in its body
/// (<see cref="RequestIndex"/>), or in order of arrival for requests without one (the llmload CLI's): CLOCK_MONOTONIC on
/// Linux, the same clock in every process, so the client subtracts them from its own readings. Control:
/// <c>GET /stamps?from=&amp;count=</c> returns 8 little-endian bytes per index (0: not stamped). The process exits after
/// <c>--max-seconds</c>.
/// </remarks>
public sealed class ArrivalServer
{
    private const string Stream =
        "data: {\"id\":\"a\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
        + "data: {\"id\":\"a\",\"object\":\"chat.completion.chunk\",\"created\":0,\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":1,\"total_tokens\":9}}\n\n"
        + "data: [DONE]\n\n";

    private const string Models = "{\"object\":\"list\",\"data\":[{\"id\":\"bench\",\"object\":\"model\"}]}";

    private readonly long[] _stamps;
    private int _unindexed;

    private ArrivalServer(int capacity) => _stamps = new long[capacity];

    public static int Run(HarnessArguments args)
    {
        var server = new ArrivalServer(args.Integer("capacity", 1_000_000));
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, args.Integer("port", 0)));
        listener.Listen(512);
        _ = new Timer(_ => Environment.Exit(0), null, TimeSpan.FromSeconds(args.Number("max-seconds", 600)), Timeout.InfiniteTimeSpan);
        // the harness reads this line to learn the port
        Console.WriteLine($"listening http://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}/");
        Console.Out.Flush();
        while (true)
        {
            var connection = listener.Accept();
            connection.NoDelay = true;
            new Thread(() => server.Serve(connection)) { IsBackground = true, Name = "arrival connection" }.Start();
        }
    }

    /// <summary>Answers the connection's requests in turn until the client closes it.</summary>
    private void Serve(Socket connection)
    {
        using var _ = connection;
        var buffer = new byte[64 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                // the stamp is read before anything else is done with the bytes
                var read = connection.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
                var arrived = Stopwatch.GetTimestamp();
                if (read == 0)
                {
                    return;
                }
                length += read;
                while (TryTakeRequest(connection, ref buffer, ref length, out var head, out var body))
                {
                    Answer(connection, head, body, arrived);
                    // a request that came in the same read as the one before it is stamped when it was read
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

    private void Answer(Socket connection, string head, byte[] body, long arrived)
    {
        var target = head[..head.IndexOf("\r\n", StringComparison.Ordinal)].Split(' ')[1];
        if (head.StartsWith("POST /v1/chat/completions", StringComparison.Ordinal))
        {
            var index = RequestIndex.Find(body) is var found and >= 0 ? found : Interlocked.Increment(ref _unindexed) - 1;
            if (index < _stamps.Length)
            {
                _stamps[index] = arrived;
            }
            Send(connection, "text/event-stream", Encoding.UTF8.GetBytes(Stream));
        }
        else if (head.StartsWith("GET /stamps", StringComparison.Ordinal))
        {
            var query = target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&')
                .Select(pair => pair.Split('=')).ToDictionary(pair => pair[0], pair => int.Parse(pair[1], CultureInfo.InvariantCulture));
            var stamps = new byte[query["count"] * 8];
            for (var i = 0; i < query["count"]; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(stamps.AsSpan(i * 8), _stamps[query["from"] + i]);
            }
            Send(connection, "application/octet-stream", stamps);
        }
        else
        {
            Send(connection, "application/json", Encoding.UTF8.GetBytes(Models));
        }
    }

    /// <summary>The client side of <c>GET /stamps</c>: the stamps of indexes from..from+count-1 (0: not stamped).</summary>
    public static async Task<long[]> StampsAsync(HttpClient control, int from, int count)
    {
        var stamps = await control.GetByteArrayAsync(string.Create(CultureInfo.InvariantCulture, $"/stamps?from={from}&count={count}"));
        return [.. Enumerable.Range(0, count).Select(index => BinaryPrimitives.ReadInt64LittleEndian(stamps.AsSpan(index * 8)))];
    }

    private static void Send(Socket connection, string contentType, byte[] content)
    {
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {content.Length}\r\n\r\n"));
        connection.Send([new ArraySegment<byte>(head), new ArraySegment<byte>(content)]);
    }
}
