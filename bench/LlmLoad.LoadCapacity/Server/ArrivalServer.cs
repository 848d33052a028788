using System.Buffers.Binary;
using System.Globalization;
using LlmLoad.Tests.Common;

namespace LlmLoad.LoadCapacity.Server;

/// <summary>
/// The <c>arrival-server</c> mode, for <c>trace-arrival</c>: the stamping server the trace-arrival test uses
/// (<see cref="StampingHttpServer"/>), in a process of its own. Every <c>POST /v1/chat/completions</c> gets one short SSE
/// stream at once, so the server takes as little CPU as possible from the client it measures.
/// </summary>
/// <remarks>
/// Stamps are kept by the request index the harness client puts in its body (<see cref="RequestIndex"/>), or in order
/// of arrival for requests without one (the llmload CLI's). Control: <c>GET /stamps?from=&amp;count=</c> returns 8
/// little-endian bytes per index (0: not stamped). The process exits after <c>--max-seconds</c>.
/// </remarks>
public sealed class ArrivalServer
{
    private const string Model = "bench";

    private readonly long[] _stamps;
    private int _unindexed;

    private ArrivalServer(int capacity) => _stamps = new long[capacity];

    public static int Run(HarnessArguments args)
    {
        var server = new ArrivalServer(args.Integer("capacity", 1_000_000));
        using var listener = StampingHttpServer.Start(server.Answer, args.Integer("port", 0));
        // the harness reads this line to learn the port
        Console.WriteLine($"listening {listener.BaseUrl}");
        Console.Out.Flush();
        Thread.Sleep(TimeSpan.FromSeconds(args.Number("max-seconds", 600)));
        return 0;
    }

    private StampingHttpServer.Reply Answer(string head, byte[] body, long arrivedAt)
    {
        if (head.StartsWith("POST /v1/chat/completions", StringComparison.Ordinal))
        {
            var index = RequestIndex.Find(body) is var found and >= 0 ? found : Interlocked.Increment(ref _unindexed) - 1;
            if (index < _stamps.Length)
            {
                _stamps[index] = arrivedAt;
            }
            return StampingHttpServer.OneTokenChatStream(Model);
        }
        if (head.StartsWith("GET /stamps", StringComparison.Ordinal))
        {
            var target = head[..head.IndexOf("\r\n", StringComparison.Ordinal)].Split(' ')[1];
            var query = target[(target.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&')
                .Select(pair => pair.Split('=')).ToDictionary(pair => pair[0], pair => int.Parse(pair[1], CultureInfo.InvariantCulture));
            var stamps = new byte[query["count"] * 8];
            for (var i = 0; i < query["count"]; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(stamps.AsSpan(i * 8), _stamps[query["from"] + i]);
            }
            return new(200, "application/octet-stream", stamps);
        }
        return StampingHttpServer.ModelList(Model);
    }

    /// <summary>The client side of <c>GET /stamps</c>: the stamps of indexes from..from+count-1 (0: not stamped).</summary>
    public static async Task<long[]> StampsAsync(HttpClient control, int from, int count)
    {
        var stamps = await control.GetByteArrayAsync(string.Create(CultureInfo.InvariantCulture, $"/stamps?from={from}&count={count}"));
        return [.. Enumerable.Range(0, count).Select(index => BinaryPrimitives.ReadInt64LittleEndian(stamps.AsSpan(index * 8)))];
    }
}
