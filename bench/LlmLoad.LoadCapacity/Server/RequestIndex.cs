using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.LoadCapacity.Server;

/// <summary>Finds the request index the harness client puts in the body as <c>"user":"123"</c>; -1 when absent.</summary>
public static class RequestIndex
{
    private static ReadOnlySpan<byte> Marker => "\"user\":\""u8;

    public static async ValueTask<int> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted || result.IsCanceled)
            {
                var index = Find(result.Buffer);
                reader.AdvanceTo(result.Buffer.End);
                return index;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static int Find(ReadOnlySequence<byte> buffer) => Find(buffer.IsSingleSegment ? buffer.FirstSpan : buffer.ToArray());

    public static int Find(ReadOnlySpan<byte> body)
    {
        var at = body.IndexOf(Marker);
        if (at < 0)
        {
            return -1;
        }
        var value = 0;
        foreach (var digit in body[(at + Marker.Length)..])
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return value;
            }
            value = value * 10 + digit - '0';
        }
        return -1;
    }
}
