using System.Reflection;

namespace LlmLoad.Benchmarks;

/// <summary>
/// A 100-token chat completion stream in vLLM's wire shape (role chunk, 100 one-token content chunks,
/// a finish chunk, a usage chunk, <c>[DONE]</c>), kept in <c>Data/chat-stream-100.sse</c>.
/// </summary>
public static class RecordedStream
{
    /// <summary>Text-carrying events in the stream.</summary>
    public const int TokenEvents = 100;

    private static readonly Lazy<byte[]> _bytes = new(Load);

    /// <summary>The whole stream as it came off the wire.</summary>
    public static byte[] Bytes => _bytes.Value;

    /// <summary>The <c>data:</c> payload of every event, in order, without the <c>data: </c> prefix.</summary>
    public static IReadOnlyList<byte[]> Payloads { get; } = SplitPayloads();

    private static byte[] Load()
    {
        using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("LlmLoad.Benchmarks.Data.chat-stream-100.sse")
            ?? throw new InvalidOperationException("the embedded recorded stream is missing");
        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    }

    private static List<byte[]> SplitPayloads()
    {
        var payloads = new List<byte[]>();
        ReadOnlySpan<byte> rest = Bytes;
        while (rest.IndexOf("\n\n"u8) is var end and >= 0)
        {
            payloads.Add(rest[.."data: "u8.Length].SequenceEqual("data: "u8) ? rest["data: "u8.Length..end].ToArray() : rest[..end].ToArray());
            rest = rest[(end + 2)..];
        }
        return payloads;
    }
}
