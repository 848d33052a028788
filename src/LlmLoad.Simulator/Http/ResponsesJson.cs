using System.Text.Json;

namespace LlmLoad.Simulator.Http;

/// <summary>
/// Writes the OpenAI Responses API's stream events for one text answer, in the documented order:
/// <c>response.created</c>, <c>response.in_progress</c>, <c>response.output_item.added</c>,
/// <c>response.content_part.added</c>, then <c>response.output_text.delta</c> per chunk, then
/// <c>response.output_text.done</c>, <c>response.content_part.done</c>, <c>response.output_item.done</c> and
/// <c>response.completed</c> (or <c>response.incomplete</c> at max_output_tokens) with the usage.
/// Every event carries its <c>type</c> and a <c>sequence_number</c> counted from 0.
/// </summary>
internal static class ResponsesJson
{
    public static ReadOnlySpan<byte> TextDelta => "response.output_text.delta"u8;

    /// <summary>The id of the one output message item: the response's id with its prefix changed.</summary>
    private static string ItemId(ResponseHeader header) => "msg_" + header.Id["resp_".Length..];

    public static void WriteResponseEvent(Utf8JsonWriter json, ResponseHeader header, string type, int sequence, ResponseState state)
    {
        WriteStart(json, type, sequence);
        WriteResponse(json, header, state);
        json.WriteEndObject();
    }

    public static void WriteOutputItem(Utf8JsonWriter json, ResponseHeader header, string type, int sequence, string? text)
    {
        WriteStart(json, type, sequence);
        json.WriteNumber("output_index", 0);
        json.WritePropertyName("item");
        WriteMessageItem(json, header, text);
        json.WriteEndObject();
    }

    public static void WriteContentPart(Utf8JsonWriter json, ResponseHeader header, string type, int sequence, string text)
    {
        WriteItemStart(json, header, type, sequence);
        json.WritePropertyName("part");
        WriteOutputText(json, text);
        json.WriteEndObject();
    }

    /// <summary><c>response.output_text.delta</c> (the chunk in <c>delta</c>) or <c>response.output_text.done</c> (the whole text in <c>text</c>).</summary>
    public static void WriteText(Utf8JsonWriter json, ResponseHeader header, int sequence, string text, bool done)
    {
        WriteItemStart(json, header, done ? "response.output_text.done" : "response.output_text.delta", sequence);
        json.WriteString(done ? "text" : "delta", text);
        json.WriteStartArray("logprobs");
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStart(Utf8JsonWriter json, string type, int sequence)
    {
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WriteNumber("sequence_number", sequence);
    }

    private static void WriteItemStart(Utf8JsonWriter json, ResponseHeader header, string type, int sequence)
    {
        WriteStart(json, type, sequence);
        json.WriteString("item_id", ItemId(header));
        json.WriteNumber("output_index", 0);
        json.WriteNumber("content_index", 0);
    }

    /// <summary>The response object; its output and usage only once the answer is over (<see cref="ResponseState.Text"/> set).</summary>
    private static void WriteResponse(Utf8JsonWriter json, ResponseHeader header, ResponseState state)
    {
        json.WriteStartObject("response");
        json.WriteString("id", header.Id);
        json.WriteString("object", "response");
        json.WriteNumber("created_at", header.Created);
        json.WriteString("status", state.Status);
        json.WriteString("model", header.Model);
        json.WriteNull("error");
        if (state.Status == "incomplete")
        {
            json.WriteStartObject("incomplete_details");
            json.WriteString("reason", "max_output_tokens");
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("incomplete_details");
        }

        json.WriteStartArray("output");
        if (state.Text is { } text)
        {
            WriteMessageItem(json, header, text);
        }

        json.WriteEndArray();
        json.WriteBoolean("parallel_tool_calls", true);
        json.WriteString("tool_choice", "auto");
        json.WriteStartArray("tools");
        json.WriteEndArray();
        if (state.Text is null)
        {
            json.WriteNull("usage");
        }
        else
        {
            json.WriteStartObject("usage");
            json.WriteNumber("input_tokens", state.InputTokens);
            json.WriteStartObject("input_tokens_details");
            json.WriteNumber("cached_tokens", 0);
            json.WriteEndObject();
            json.WriteNumber("output_tokens", state.OutputTokens);
            json.WriteStartObject("output_tokens_details");
            json.WriteNumber("reasoning_tokens", 0);
            json.WriteEndObject();
            json.WriteNumber("total_tokens", state.InputTokens + state.OutputTokens);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>The assistant message item: in progress and empty while <paramref name="text"/> is null, else completed with it.</summary>
    private static void WriteMessageItem(Utf8JsonWriter json, ResponseHeader header, string? text)
    {
        json.WriteStartObject();
        json.WriteString("id", ItemId(header));
        json.WriteString("type", "message");
        json.WriteString("status", text is null ? "in_progress" : "completed");
        json.WriteString("role", "assistant");
        json.WriteStartArray("content");
        if (text is not null)
        {
            WriteOutputText(json, text);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteOutputText(Utf8JsonWriter json, string text)
    {
        json.WriteStartObject();
        json.WriteString("type", "output_text");
        json.WriteString("text", text);
        json.WriteStartArray("annotations");
        json.WriteEndArray();
        json.WriteEndObject();
    }
}

/// <summary>Where a streamed response stands: its status, and once it is over its text and token counts.</summary>
internal readonly record struct ResponseState(string Status, string? Text = null, int InputTokens = 0, int OutputTokens = 0);
