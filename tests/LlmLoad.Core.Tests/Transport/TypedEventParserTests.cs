using System.Text;
using LlmLoad.Core.Transport;

namespace LlmLoad.Core.Tests.Transport;

/// <summary>The Responses and Messages events read into what the measurement needs, text in place or as strings alike.</summary>
public sealed class TypedEventParserTests
{
    private static (StreamEvent Parsed, string? Content, string? Reasoning) Parse(string json, bool textInPlace = true)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var parsed = TypedEventParser.Parse(bytes, textInPlace);
        return (parsed,
            parsed.Content ?? NullIfEmpty(Encoding.UTF8.GetString(parsed.ContentInPayload.Of(bytes))),
            parsed.Reasoning ?? NullIfEmpty(Encoding.UTF8.GetString(parsed.ReasoningInPayload.Of(bytes))));
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    [Theory]
    [InlineData("""{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" Hello","logprobs":[]}""", " Hello", null)]
    [InlineData("""{"type":"response.reasoning_text.delta","delta":" hmm"}""", null, " hmm")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" Hello"}}""", " Hello", null)]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":" hmm"}}""", null, " hmm")]
    // a server may put the type last: the members are read wherever they are
    [InlineData("""{"index":0,"delta":{"text":" late","type":"text_delta"},"type":"content_block_delta"}""", " late", null)]
    [InlineData("""{"type":"response.output_text.delta","delta":"line\nbreak"}""", "line\nbreak", null)]
    public void Text_deltas_give_content_or_reasoning_in_place_and_as_strings(string json, string? content, string? reasoning)
    {
        foreach (var inPlace in new[] { true, false })
        {
            var (parsed, parsedContent, parsedReasoning) = Parse(json, inPlace);
            Assert.Equal(StreamEventKind.Chunk, parsed.Kind);
            Assert.Equal((content, reasoning), (parsedContent, parsedReasoning));
        }
    }

    [Fact]
    public void Plain_text_is_left_in_place_without_a_string()
    {
        var (parsed, content, _) = Parse("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" word"}}""");
        Assert.Null(parsed.Content);
        Assert.Equal(" word", content);
    }

    [Fact]
    public void Messages_usage_comes_from_message_start_and_message_delta_and_message_stop_ends_the_stream()
    {
        var start = Parse("""{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"usage":{"input_tokens":25,"output_tokens":1}}}""").Parsed;
        var delta = Parse("""{"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":15}}""").Parsed;
        var stop = Parse("""{"type":"message_stop"}""").Parsed;

        // message_start's output_tokens is a placeholder, not a count
        Assert.Equal(new StreamEvent(StreamEventKind.Chunk, PromptTokens: 25), start);
        Assert.Equal(new StreamEvent(StreamEventKind.Chunk, FinishReason: "length", CompletionTokens: 15), delta);
        Assert.Equal(StreamEventKind.Done, stop.Kind);
    }

    [Theory]
    [InlineData("response.completed", "completed", "stop")]
    [InlineData("response.incomplete", "incomplete", "length")]
    public void The_responses_last_event_ends_the_stream_with_its_usage(string type, string status, string finishReason)
    {
        var json = """{"type":"TYPE","sequence_number":9,"response":{"id":"resp_1","status":"STATUS","error":null,"text":{"format":{"type":"text"}},"output":[{"type":"message","content":[{"type":"output_text","text":"a b"}]}],"usage":{"input_tokens":12,"input_tokens_details":{"cached_tokens":0},"output_tokens":2,"total_tokens":14}}}"""
            .Replace("TYPE", type, StringComparison.Ordinal).Replace("STATUS", status, StringComparison.Ordinal);
        Assert.Equal(new StreamEvent(StreamEventKind.Done, FinishReason: finishReason, PromptTokens: 12, CompletionTokens: 2), Parse(json).Parsed);
    }

    [Theory]
    [InlineData("""{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","status":"in_progress","usage":null,"error":null}}""")]
    [InlineData("""{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""")]
    [InlineData("""{"type":"ping"}""")]
    [InlineData("""{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"a\""}}""")]
    public void Events_the_measurement_does_not_need_are_empty_chunks(string json)
    {
        Assert.Equal(new StreamEvent(StreamEventKind.Chunk), Parse(json).Parsed);
    }

    [Theory]
    [InlineData("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", "Overloaded", null)]
    [InlineData("""{"type":"error","code":"ERR_SOMETHING","message":"Something went wrong","param":null,"sequence_number":3}""", "Something went wrong", null)]
    [InlineData("""{"type":"response.failed","response":{"id":"resp_1","status":"failed","error":{"code":"server_error","message":"engine died"}}}""", "engine died", null)]
    [InlineData("""{"type":"error","error":{"message":"out of memory","code":503}}""", "out of memory", 503)]
    public void Error_events_are_errors_with_their_message(string json, string message, int? code)
    {
        Assert.Equal(new StreamEvent(StreamEventKind.Error, ErrorMessage: message, ErrorCode: code), Parse(json).Parsed);
    }

    [Theory]
    [InlineData("""{"type":"response.output_text.delta","delta":""", "not JSON: ")]
    [InlineData("""[1,2]""", "expected a JSON object, got StartArray")]
    [InlineData("""{"delta":"x"}""", "an event without a string \"type\"")]
    [InlineData("""{"type":"response.output_text.delta","delta":{"text":"x"}}""", "response.output_text.delta without a string \"delta\"")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":"x"}""", "content_block_delta without a \"delta\" object")]
    [InlineData("", "empty JSON payload")]
    public void Events_that_cannot_be_read_are_malformed(string json, string messageStart)
    {
        var parsed = Parse(json).Parsed;
        Assert.Equal(StreamEventKind.Malformed, parsed.Kind);
        Assert.StartsWith(messageStart, parsed.ErrorMessage);
    }

    [Fact]
    public void Invalid_utf8_in_text_is_malformed()
    {
        byte[] bytes = [.. """{"type":"response.output_text.delta","delta":" """u8, 0xFF, 0xFE, .. "\"}"u8];
        foreach (var inPlace in new[] { true, false })
        {
            Assert.Equal(StreamEvent.MalformedEvent("invalid UTF-8 in a JSON string"), TypedEventParser.Parse(bytes, inPlace));
        }
    }
}
