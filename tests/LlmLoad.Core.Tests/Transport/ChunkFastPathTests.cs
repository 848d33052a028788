using System.Text;
using LlmLoad.Core.Transport;

namespace LlmLoad.Core.Tests.Transport;

public sealed class ChunkFastPathTests
{
    /// <summary>Ordinary and odd chunks; the fast path must give the full parser's answer for every one.</summary>
    public static TheoryData<string> Chunks { get; } = new()
    {
        """{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":" hi"},"finish_reason":null}]}""",
        """{"choices":[{"index":0,"delta":{},"finish_reason":"length"}]}""",
        """{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":100,"total_tokens":112}}""",
        """{"choices":[{"index":0,"delta":{"reasoning_content":" think"}}]}""",
        """{"choices":[{"index":0,"delta":{"reasoning":" think","content":null}}]}""",
        """{"choices":[{"index":0,"text":" completion","finish_reason":null}]}""",
        """{"choices":[{"index":0,"delta":{"content":" a"}},{"index":1,"delta":{"content":" b"}}]}""",
        """{"choices":[{"index":0,"delta":{"content":" \u00e9\ud83d\ude00"}}],"usage":null}""",
        """{"choices":[{"index":0,"delta":{"content":12}}]}""",
        """{"choices":[{"index":0,"delta":{"content":" x"}}],"usage":{"completion_tokens":3000000000}}""",
        """{"choices":["not an object"]}""",
        """{"error":{"message":"boom","code":503}}""",
        """{"error":null,"choices":[{"index":0,"delta":{"content":" ok"}}]}""",
        """{"id":"only"}""",
        """[1,2]""",
        """{"choices":[{"index":0,"delta":{"content":" cut""",
        """not json""",
    };

    [Theory]
    [MemberData(nameof(Chunks))]
    public void The_fast_path_gives_the_full_parsers_answer(string chunk)
    {
        // given
        var bytes = Encoding.UTF8.GetBytes(chunk);

        // when
        var fast = OpenAiResponseParser.ParseStreamData(bytes);
        var full = OpenAiResponseParser.ParseStreamDataWithDocument(bytes);

        // then
        Assert.Equal(full, fast);
    }

    [Fact]
    public void Invalid_utf8_inside_a_string_is_malformed_not_an_exception()
    {
        // given a content string with a lone continuation byte
        var bytes = Encoding.UTF8.GetBytes("""{"choices":[{"index":0,"delta":{"content":" X"}}]}""");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0x80;

        // when
        var parsed = OpenAiResponseParser.ParseStreamData(bytes);

        // then
        Assert.Equal(StreamEventKind.Malformed, parsed.Kind);
    }
}
