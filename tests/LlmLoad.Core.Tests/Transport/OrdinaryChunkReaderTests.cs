using System.Text;
using LlmLoad.Core.Transport;

namespace LlmLoad.Core.Tests.Transport;

public sealed class OrdinaryChunkReaderTests
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
        """ {"choices":[{"index":0,"delta":{"content":" after leading space"}}]}""",
        """{"choices":[{"index":0,"delta":{"content":" \"quoted\"\n next"}}]}""",
        """{"choices":[{"index":0,"text":" t","delta":{"content":""}}]}""",
        """{"choices":[{"index":0,"delta":{"reasoning_content":" r \u00e9","content":" c"}}]}""",
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

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Text_left_in_place_reads_back_as_the_strings_the_parser_gives(string chunk)
    {
        // given
        var bytes = Encoding.UTF8.GetBytes(chunk);

        // when
        var inPlace = OpenAiResponseParser.ParseStreamDataInPlace(bytes);
        var strings = OpenAiResponseParser.ParseStreamData(bytes);

        // then the text, wherever it is, is the same, and so is everything else
        Assert.Equal((strings.HasText, strings.HasContent), (inPlace.HasText, inPlace.HasContent));
        Assert.Equal(NullIfEmpty(strings.Content), NullIfEmpty(inPlace.Content ?? Decode(inPlace.ContentInPayload.Of(bytes))));
        Assert.Equal(NullIfEmpty(strings.Reasoning), NullIfEmpty(inPlace.Reasoning ?? Decode(inPlace.ReasoningInPayload.Of(bytes))));
        Assert.Equal(strings with { Content = null, Reasoning = null }, inPlace with { Content = null, Reasoning = null, ContentInPayload = default, ReasoningInPayload = default });
    }

    [Fact]
    public void Unescaped_text_is_left_in_place_and_escaped_text_becomes_a_string()
    {
        var plain = OpenAiResponseParser.ParseStreamDataInPlace(Encoding.UTF8.GetBytes("""{"choices":[{"delta":{"content":" plain"}}]}"""));
        var escaped = OpenAiResponseParser.ParseStreamDataInPlace(Encoding.UTF8.GetBytes("""{"choices":[{"delta":{"content":"line\n"}}]}"""));

        Assert.Equal((null, 6), (plain.Content, plain.ContentInPayload.Length));
        Assert.Equal(("line\n", 0), (escaped.Content, escaped.ContentInPayload.Length));
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string Decode(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    [Fact]
    public void Invalid_utf8_inside_a_string_is_malformed_not_an_exception()
    {
        // given a content string with a lone continuation byte
        var bytes = Encoding.UTF8.GetBytes("""{"choices":[{"index":0,"delta":{"content":" X"}}]}""");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0x80;

        // when
        var parsed = OpenAiResponseParser.ParseStreamData(bytes);
        var inPlace = OpenAiResponseParser.ParseStreamDataInPlace(bytes);

        // then
        Assert.Equal((StreamEventKind.Malformed, StreamEventKind.Malformed), (parsed.Kind, inPlace.Kind));
    }
}
