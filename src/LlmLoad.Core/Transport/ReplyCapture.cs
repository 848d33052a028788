using System.Buffers;
using System.Text;

namespace LlmLoad.Core.Transport;

/// <summary>
/// Keeps the content text of one reply as it streams in, so a multi-turn session can send it back in its next
/// turn's history, as a chat application does. Reasoning text is not kept: chat applications do not send it back
/// (vLLM's reasoning outputs are dropped from later prompts by the chat templates that accept them).
/// </summary>
public sealed class ReplyCapture
{
    private readonly ArrayBufferWriter<byte> _utf8 = new(256);

    /// <summary>The reply's content so far, byte for byte as the server sent it (JSON escapes undone).</summary>
    public string Text => Encoding.UTF8.GetString(_utf8.WrittenSpan);

    internal void Append(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            Encoding.UTF8.GetBytes(text, _utf8);
        }
    }

    internal void Append(ReadOnlySpan<byte> utf8) => _utf8.Write(utf8);
}
