using System.Globalization;
using System.Text;

namespace LlmLoad.LoadCapacity.Client;

/// <summary>
/// Request bodies carrying their index as <c>"user":"N"</c>, so the server's stamps join the client's records.
/// Built before the clock starts, as <c>LevelRunner</c> does; an index past the estimate is built on demand.
/// </summary>
public sealed class RequestBodies(int tokens, int expected)
{
    private readonly byte[][] _bodies = Enumerable.Range(0, expected).Select(index => Build(index, tokens)).ToArray();

    /// <summary>The <c>max_tokens</c> every body asks for.</summary>
    public int MaxTokens => tokens;

    public byte[] For(int index) => index < _bodies.Length ? _bodies[index] : Build(index, tokens);

    private static byte[] Build(int index, int tokens) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"{{\"model\":\"bench\",\"messages\":[{{\"role\":\"user\",\"content\":\"Tell me a story.\"}}],\"max_tokens\":{tokens},\"stream\":true,\"stream_options\":{{\"include_usage\":true}},\"user\":\"{index}\"}}"));
}
