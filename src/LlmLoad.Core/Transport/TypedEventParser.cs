using System.Text.Json;

namespace LlmLoad.Core.Transport;

/// <summary>
/// Reads one SSE <c>data:</c> payload of the two APIs whose events name themselves in a <c>"type"</c> member: the OpenAI
/// Responses API (<c>response.output_text.delta</c> with the text in <c>delta</c>, usage in <c>response.completed</c>) and
/// the Anthropic Messages API (<c>content_block_delta</c> with <c>delta.text</c>, prompt tokens in <c>message_start</c>,
/// output tokens and stop reason in <c>message_delta</c>, <c>message_stop</c> at the end). The two APIs' type names do not
/// overlap, so one reader serves both.
/// </summary>
/// <remarks>
/// One forward pass of <see cref="Utf8JsonReader"/>, as <see cref="OrdinaryChunkReader"/> for chat: every member that either API
/// gives meaning to is taken wherever it comes, and the type decides at the end what they mean (a server need not put
/// <c>type</c> first). Text is left in place when asked, so a token event allocates nothing. The end of the answer
/// (<c>response.completed</c>, <c>response.incomplete</c>, <c>message_stop</c>) is <see cref="StreamEventKind.Done"/>,
/// carrying whatever usage it holds; neither API sends <c>[DONE]</c>. Event types neither API's measurement needs
/// (<c>response.created</c>, <c>content_block_start</c>, <c>ping</c>...) are empty chunks, so new ones do no harm.
/// </remarks>
internal static class TypedEventParser
{
    /// <summary>Parses one payload; unescaped text stays in <paramref name="data"/> when <paramref name="textInPlace"/>.</summary>
    public static StreamEvent Parse(ReadOnlySpan<byte> data, bool textInPlace)
    {
        var trimmed = data.Trim(" \r\n\t"u8);
        var leadingTrimmed = data.Length - data.TrimStart(" \r\n\t"u8).Length;
        try
        {
            return Parse(trimmed, new TextReading(textInPlace, leadingTrimmed));
        }
        catch (JsonException exception)
        {
            return StreamEvent.MalformedEvent("not JSON: " + exception.Message);
        }
        catch (InvalidOperationException)
        {
            // the reader accepts invalid UTF-8 inside strings; it only fails when a string is read
            return StreamEvent.MalformedEvent("invalid UTF-8 in a JSON string");
        }
    }

    private static StreamEvent Parse(ReadOnlySpan<byte> json, TextReading text)
    {
        if (json.IsEmpty)
        {
            return StreamEvent.MalformedEvent("empty JSON payload");
        }
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return StreamEvent.MalformedEvent($"expected a JSON object, got {reader.TokenType}");
        }
        var fields = new EventFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ReadMember(ref reader, ref fields, text);
        }
        return Interpret(in fields);
    }

    private static void ReadMember(ref Utf8JsonReader reader, ref EventFields fields, TextReading text)
    {
        if (reader.ValueTextEquals("type"u8))
        {
            reader.Read();
            fields.Type = reader.TokenType == JsonTokenType.String ? TypeOf(ref reader) : EventType.Missing;
        }
        else if (reader.ValueTextEquals("delta"u8))
        {
            // Responses: the text itself; Messages: an object with text (or thinking) and, at the end, stop_reason
            var copy = reader;
            copy.Read();
            if (copy.TokenType == JsonTokenType.StartObject)
            {
                reader.Read();
                fields.HasDeltaObject = true;
                ReadObject(ref reader, ref fields, text);
            }
            else
            {
                fields.DeltaText = text.Read(ref reader);
            }
        }
        else if (reader.ValueTextEquals("text"u8))
        {
            fields.Text = text.Read(ref reader);
        }
        else if (reader.ValueTextEquals("thinking"u8))
        {
            fields.Thinking = text.Read(ref reader);
        }
        else if (reader.ValueTextEquals("stop_reason"u8))
        {
            fields.StopReason = TextReading.AsStrings.Read(ref reader).String;
        }
        else if (reader.ValueTextEquals("message"u8))
        {
            // Messages: message_start's message object (its usage); Responses: an error event's message text
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadObject(ref reader, ref fields, text);
            }
            else if (reader.TokenType == JsonTokenType.String)
            {
                fields.ErrorMessage = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }
        else if (reader.ValueTextEquals("response"u8))
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadObject(ref reader, ref fields, text);
            }
            else
            {
                reader.Skip();
            }
        }
        else if (reader.ValueTextEquals("usage"u8))
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                OrdinaryChunkReader.ReadUsage(ref reader, "input_tokens"u8, "output_tokens"u8, ref fields.InputTokens, ref fields.OutputTokens);
            }
            else
            {
                reader.Skip();
            }
        }
        else if (reader.ValueTextEquals("error"u8))
        {
            ReadError(ref reader, ref fields);
        }
        else
        {
            reader.Read();
            reader.Skip();
        }
    }

    /// <summary>Reads the members of a nested object (<c>delta</c>, <c>message</c>, <c>response</c>) as if they were the event's own.</summary>
    private static void ReadObject(ref Utf8JsonReader reader, ref EventFields fields, TextReading text)
    {
        var type = fields.Type;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ReadMember(ref reader, ref fields, text);
        }
        // a nested object's type (text_delta, message, response) is not the event's
        fields.Type = type;
    }

    /// <summary>An <c>error</c> member: an object with a message (both APIs), or a bare string; null means none.</summary>
    private static void ReadError(ref Utf8JsonReader reader, ref EventFields fields)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                fields.ErrorMessage = reader.GetString();
                break;
            case JsonTokenType.StartObject:
                fields.ErrorMessage ??= "";
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("message"u8))
                    {
                        fields.ErrorMessage = TextReading.AsStrings.Read(ref reader).String ?? fields.ErrorMessage;
                    }
                    else if (reader.ValueTextEquals("code"u8))
                    {
                        fields.ErrorCode = OrdinaryChunkReader.ReadInt(ref reader);
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
                break;
            default:
                reader.Skip();
                break;
        }
    }

    private static StreamEvent Interpret(in EventFields fields) => fields.Type switch
    {
        EventType.Missing => StreamEvent.MalformedEvent("an event without a string \"type\""),
        EventType.OutputTextDelta => fields.DeltaText.IsPresent
            ? TextEvent(fields.DeltaText, default)
            : StreamEvent.MalformedEvent("response.output_text.delta without a string \"delta\""),
        EventType.ReasoningTextDelta => fields.DeltaText.IsPresent
            ? TextEvent(default, fields.DeltaText)
            : StreamEvent.MalformedEvent("response.reasoning_text.delta without a string \"delta\""),
        // text_delta carries text, thinking_delta thinking; a tool call's input_json_delta carries neither
        EventType.ContentBlockDelta => fields.HasDeltaObject
            ? TextEvent(fields.Text, fields.Thinking)
            : StreamEvent.MalformedEvent("content_block_delta without a \"delta\" object"),
        // message_start's usage.output_tokens is a placeholder; only the prompt's count is taken
        EventType.MessageStart => new StreamEvent(StreamEventKind.Chunk, PromptTokens: fields.InputTokens),
        EventType.MessageDelta => new StreamEvent(StreamEventKind.Chunk, FinishReason: FinishReason(fields.StopReason),
            PromptTokens: fields.InputTokens, CompletionTokens: fields.OutputTokens),
        EventType.MessageStop => StreamEvent.DoneEvent,
        EventType.ResponseCompleted => new StreamEvent(StreamEventKind.Done, FinishReason: "stop",
            PromptTokens: fields.InputTokens, CompletionTokens: fields.OutputTokens),
        EventType.ResponseIncomplete => new StreamEvent(StreamEventKind.Done, FinishReason: "length",
            PromptTokens: fields.InputTokens, CompletionTokens: fields.OutputTokens),
        EventType.ResponseFailed or EventType.Error => new StreamEvent(StreamEventKind.Error,
            ErrorMessage: string.IsNullOrEmpty(fields.ErrorMessage) ? $"a {TypeName(fields.Type)} event without a message" : fields.ErrorMessage,
            ErrorCode: fields.ErrorCode),
        _ => new StreamEvent(StreamEventKind.Chunk),
    };

    private static StreamEvent TextEvent(TextField content, TextField reasoning) =>
        new(StreamEventKind.Chunk, content.String, reasoning.String)
        {
            ContentInPayload = content.InPayload,
            ReasoningInPayload = reasoning.InPayload,
        };

    /// <summary>Anthropic's stop reasons in vLLM's finish_reason words, so records of every API read alike; others as given.</summary>
    private static string? FinishReason(string? stopReason) => stopReason switch
    {
        "end_turn" or "stop_sequence" => "stop",
        "max_tokens" => "length",
        _ => stopReason,
    };

    private static EventType TypeOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("response.output_text.delta"u8) ? EventType.OutputTextDelta
        : reader.ValueTextEquals("content_block_delta"u8) ? EventType.ContentBlockDelta
        : reader.ValueTextEquals("response.reasoning_text.delta"u8) ? EventType.ReasoningTextDelta
        : reader.ValueTextEquals("message_start"u8) ? EventType.MessageStart
        : reader.ValueTextEquals("message_delta"u8) ? EventType.MessageDelta
        : reader.ValueTextEquals("message_stop"u8) ? EventType.MessageStop
        : reader.ValueTextEquals("response.completed"u8) ? EventType.ResponseCompleted
        : reader.ValueTextEquals("response.incomplete"u8) ? EventType.ResponseIncomplete
        : reader.ValueTextEquals("response.failed"u8) ? EventType.ResponseFailed
        : reader.ValueTextEquals("error"u8) ? EventType.Error
        : EventType.Other;

    private static string TypeName(EventType type) => type == EventType.ResponseFailed ? "response.failed" : "error";

    /// <summary>The event types the measurement reads; <see cref="Missing"/> is the default, until a type is seen.</summary>
    private enum EventType
    {
        Missing,
        Other,
        OutputTextDelta,
        ReasoningTextDelta,
        ResponseCompleted,
        ResponseIncomplete,
        ResponseFailed,
        MessageStart,
        ContentBlockDelta,
        MessageDelta,
        MessageStop,
        Error,
    }

    /// <summary>Every member either API gives meaning to, wherever in the event it was found.</summary>
    private struct EventFields
    {
        public EventType Type;
        public TextField DeltaText;
        public bool HasDeltaObject;
        public TextField Text;
        public TextField Thinking;
        public string? StopReason;
        public int? InputTokens;
        public int? OutputTokens;
        public string? ErrorMessage;
        public int? ErrorCode;
    }
}
