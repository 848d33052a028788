using System.Text;

namespace LlmLoad.LoadCapacity.Server;

/// <summary>
/// Every byte the server streams, built once: vLLM's chat chunk shape, one token per content chunk, so a
/// request costs the server one small write per token and no JSON work.
/// </summary>
public sealed class ChunkPayloads
{
    private const string Head = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1718000000,\"model\":\"bench\",\"choices\":";

    public ChunkPayloads(int tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokens);
        Tokens = tokens;
        // the role chunk goes out with the first token, in one write, so the first event the client sees is that write
        First = Encode(Chunk("{\"role\":\"assistant\",\"content\":\"\"}") + Chunk(Content(0)));
        Token = Enumerable.Range(0, tokens).Select(i => Encode(Chunk(Content(i)))).ToArray();
        Tail = Encode(Chunk("{\"content\":\"\"}", "\"length\"")
            + Head + "[],\"usage\":{\"prompt_tokens\":8,\"total_tokens\":" + (8 + tokens) + ",\"completion_tokens\":" + tokens + "}}\n\n"
            + "data: [DONE]\n\n");
    }

    public int Tokens { get; }

    /// <summary>The role chunk and token 0.</summary>
    public byte[] First { get; }

    /// <summary>Token <c>i</c>'s chunk (index 0 is only used inside <see cref="First"/>).</summary>
    public IReadOnlyList<byte[]> Token { get; }

    /// <summary>The finish chunk, the usage chunk and <c>[DONE]</c>.</summary>
    public byte[] Tail { get; }

    private static string Content(int i) => "{\"content\":\"" + (i == 0 ? "tok" : " tok") + (i % 10) + "\"}";

    private static string Chunk(string delta, string finishReason = "null") =>
        Head + "[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}]}\n\n";

    private static byte[] Encode(string text) => Encoding.UTF8.GetBytes(text);
}
