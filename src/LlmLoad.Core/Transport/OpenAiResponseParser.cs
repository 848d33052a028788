using System.Text.Json;

namespace LlmLoad.Core.Transport;

/// <summary>
/// Reads OpenAI-compatible JSON (a streamed chunk or a whole non-streamed response) into a
/// <see cref="StreamEvent"/>. Accepts chat (<c>delta</c>/<c>message</c>) and completions (<c>text</c>)
/// shapes, and the reasoning fields used by vLLM (<c>reasoning_content</c>) and others (<c>reasoning</c>).
/// </summary>
public static class OpenAiResponseParser
{
    private static ReadOnlySpan<byte> DoneSentinel => "[DONE]"u8;

    /// <summary>Parses one SSE <c>data:</c> payload.</summary>
    public static StreamEvent ParseStreamData(ReadOnlySpan<byte> data) => ParseStreamData(data, textInPlace: false);

    /// <summary>
    /// As <see cref="ParseStreamData(ReadOnlySpan{byte})"/>, but unescaped text is left in <paramref name="data"/>
    /// (<see cref="StreamEvent.ContentInPayload"/>) instead of becoming a string: the executor's per-event path.
    /// </summary>
    internal static StreamEvent ParseStreamDataInPlace(ReadOnlySpan<byte> data) => ParseStreamData(data, textInPlace: true);

    private static StreamEvent ParseStreamData(ReadOnlySpan<byte> data, bool textInPlace)
    {
        var trimmed = data.Trim(" \r\n\t"u8);
        if (trimmed.SequenceEqual(DoneSentinel))
        {
            return StreamEvent.DoneEvent;
        }
        try
        {
            var leadingTrimmed = data.Length - data.TrimStart(" \r\n\t"u8).Length;
            if (OrdinaryChunkReader.TryRead(trimmed, out var chunk, textInPlace, leadingTrimmed))
            {
                return chunk;
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // invalid JSON or invalid UTF-8: the full parser classifies it and words the message
        }
        return ParseJson(trimmed, streamed: true);
    }

    /// <summary>The full parser alone, without the fast path (for tests that hold the two to the same answers).</summary>
    internal static StreamEvent ParseStreamDataWithDocument(ReadOnlySpan<byte> data) => ParseJson(data.Trim(" \r\n\t"u8), streamed: true);

    /// <summary>Parses a whole non-streamed response body.</summary>
    public static StreamEvent ParseResponseBody(ReadOnlySpan<byte> body) => ParseJson(body, streamed: false);

    private static StreamEvent ParseJson(ReadOnlySpan<byte> json, bool streamed)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!JsonDocument.TryParseValue(ref reader, out var parsed))
            {
                return StreamEvent.MalformedEvent("empty JSON payload");
            }
            document = parsed;
        }
        catch (JsonException exception)
        {
            return StreamEvent.MalformedEvent("not JSON: " + exception.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return StreamEvent.MalformedEvent($"expected a JSON object, got {root.ValueKind}");
            }
            try
            {
                if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
                {
                    return ReadError(error);
                }
                return ReadChunk(root, streamed);
            }
            catch (InvalidOperationException exception) when (exception.InnerException is System.Text.DecoderFallbackException)
            {
                // the reader accepts invalid UTF-8 inside strings; it only fails when a string is read
                return StreamEvent.MalformedEvent("invalid UTF-8 in a JSON string");
            }
        }
    }

    private static StreamEvent ReadChunk(JsonElement root, bool streamed)
    {
        string? content = null, reasoning = null, finishReason = null;
        var hasChoices = root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array;
        if (hasChoices && choices.GetArrayLength() > 0)
        {
            var choice = choices[0];
            if (choice.ValueKind != JsonValueKind.Object)
            {
                return StreamEvent.MalformedEvent("choices[0] is not an object");
            }
            if (choice.TryGetProperty(streamed ? "delta" : "message", out var message) && message.ValueKind == JsonValueKind.Object)
            {
                content = GetString(message, "content");
                reasoning = GetString(message, "reasoning_content") ?? GetString(message, "reasoning");
            }
            content ??= GetString(choice, "text");
            finishReason = GetString(choice, "finish_reason");
        }

        int? promptTokens = null, completionTokens = null;
        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            promptTokens = GetInt(usage, "prompt_tokens");
            completionTokens = GetInt(usage, "completion_tokens");
        }

        if (!hasChoices && completionTokens is null)
        {
            return StreamEvent.MalformedEvent("a chunk without \"choices\" or \"usage\"");
        }
        return new StreamEvent(StreamEventKind.Chunk, content, reasoning, finishReason, promptTokens, completionTokens);
    }

    private static StreamEvent ReadError(JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.String)
        {
            return new StreamEvent(StreamEventKind.Error, ErrorMessage: error.GetString());
        }
        if (error.ValueKind != JsonValueKind.Object)
        {
            return new StreamEvent(StreamEventKind.Error, ErrorMessage: error.GetRawText());
        }
        var message = GetString(error, "message") ?? error.GetRawText();
        int? code = error.TryGetProperty("code", out var codeElement) && codeElement.ValueKind == JsonValueKind.Number
            && codeElement.TryGetInt32(out var number) ? number : null;
        return new StreamEvent(StreamEventKind.Error, ErrorMessage: message, ErrorCode: code);
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? GetInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : null;
}
