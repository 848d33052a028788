using System.Text.Json;

namespace LlmLoad.Simulator.Http;

/// <summary>
/// Writes the Anthropic Messages API's stream events for one text answer, in the documented order: <c>message_start</c>
/// (the prompt's <c>input_tokens</c>), <c>content_block_start</c>, a <c>content_block_delta</c> with a <c>text_delta</c>
/// per chunk, <c>content_block_stop</c>, <c>message_delta</c> (<c>stop_reason</c> and <c>output_tokens</c>) and
/// <c>message_stop</c>.
/// </summary>
internal static class MessagesJson
{
    public static ReadOnlySpan<byte> TextDelta => "content_block_delta"u8;

    public static void WriteMessageStart(Utf8JsonWriter json, ResponseHeader header, int inputTokens)
    {
        json.WriteStartObject();
        json.WriteString("type", "message_start");
        json.WriteStartObject("message");
        json.WriteString("id", header.Id);
        json.WriteString("type", "message");
        json.WriteString("role", "assistant");
        json.WriteString("model", header.Model);
        json.WriteStartArray("content");
        json.WriteEndArray();
        json.WriteNull("stop_reason");
        json.WriteNull("stop_sequence");
        WriteUsage(json, inputTokens, 0);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void WriteContentBlockStart(Utf8JsonWriter json)
    {
        WriteBlockEventStart(json, "content_block_start");
        json.WriteStartObject("content_block");
        json.WriteString("type", "text");
        json.WriteString("text", "");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void WriteTextDelta(Utf8JsonWriter json, string text)
    {
        WriteBlockEventStart(json, "content_block_delta");
        json.WriteStartObject("delta");
        json.WriteString("type", "text_delta");
        json.WriteString("text", text);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void WriteContentBlockStop(Utf8JsonWriter json)
    {
        WriteBlockEventStart(json, "content_block_stop");
        json.WriteEndObject();
    }

    /// <summary>The stop reason in Anthropic's words: <c>max_tokens</c> for vLLM's length, <c>end_turn</c> for stop.</summary>
    public static void WriteMessageDelta(Utf8JsonWriter json, string finishReason, int inputTokens, int outputTokens)
    {
        json.WriteStartObject();
        json.WriteString("type", "message_delta");
        json.WriteStartObject("delta");
        json.WriteString("stop_reason", finishReason == "length" ? "max_tokens" : "end_turn");
        json.WriteNull("stop_sequence");
        json.WriteEndObject();
        WriteUsage(json, inputTokens, outputTokens);
        json.WriteEndObject();
    }

    public static void WriteMessageStop(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("type", "message_stop");
        json.WriteEndObject();
    }

    private static void WriteBlockEventStart(Utf8JsonWriter json, string type)
    {
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WriteNumber("index", 0);
    }

    private static void WriteUsage(Utf8JsonWriter json, int inputTokens, int outputTokens)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("input_tokens", inputTokens);
        json.WriteNumber("output_tokens", outputTokens);
        json.WriteEndObject();
    }
}
