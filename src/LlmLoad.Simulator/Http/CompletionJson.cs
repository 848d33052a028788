using System.Text.Json;

namespace LlmLoad.Simulator.Http;

/// <summary>
/// Writes the OpenAI response objects the way vLLM does: <c>chat.completion.chunk</c> /
/// <c>text_completion</c> stream chunks (the first chat chunk carries the role with the first token),
/// the usage chunk with empty <c>choices</c>, and the non-streaming bodies.
/// </summary>
internal static class CompletionJson
{
    public static void WriteChunk(Utf8JsonWriter json, ResponseHeader header, string text, bool withRole, string? finishReason)
    {
        var chat = header.Kind == CompletionKind.Chat;
        WriteStart(json, header, chat ? "chat.completion.chunk" : "text_completion");
        WriteChoices(json, chat, "delta", withRole, text, finishReason);
        json.WriteEndObject();
    }

    public static void WriteUsageChunk(Utf8JsonWriter json, ResponseHeader header, int promptTokens, int completionTokens)
    {
        WriteStart(json, header, header.Kind == CompletionKind.Chat ? "chat.completion.chunk" : "text_completion");
        json.WriteStartArray("choices");
        json.WriteEndArray();
        WriteUsage(json, promptTokens, completionTokens);
        json.WriteEndObject();
    }

    public static void WriteBody(Utf8JsonWriter json, ResponseHeader header, string text, string finishReason, int promptTokens, int completionTokens)
    {
        var chat = header.Kind == CompletionKind.Chat;
        WriteStart(json, header, chat ? "chat.completion" : "text_completion");
        WriteChoices(json, chat, "message", withRole: true, text, finishReason);
        WriteUsage(json, promptTokens, completionTokens);
        json.WriteEndObject();
    }

    /// <summary>The one-choice array; chat text goes in <paramref name="messageProperty"/> (delta or message), completion text in "text".</summary>
    private static void WriteChoices(Utf8JsonWriter json, bool chat, string messageProperty, bool withRole, string text, string? finishReason)
    {
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        if (chat)
        {
            json.WriteStartObject(messageProperty);
            if (withRole)
            {
                json.WriteString("role", "assistant");
            }

            json.WriteString("content", text);
            json.WriteEndObject();
        }
        else
        {
            json.WriteString("text", text);
        }

        json.WriteNull("logprobs");
        if (finishReason is null)
        {
            json.WriteNull("finish_reason");
        }
        else
        {
            json.WriteString("finish_reason", finishReason);
        }

        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteStart(Utf8JsonWriter json, ResponseHeader header, string objectType)
    {
        json.WriteStartObject();
        json.WriteString("id", header.Id);
        json.WriteString("object", objectType);
        json.WriteNumber("created", header.Created);
        json.WriteString("model", header.Model);
    }

    private static void WriteUsage(Utf8JsonWriter json, int promptTokens, int completionTokens)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", promptTokens);
        json.WriteNumber("total_tokens", promptTokens + completionTokens);
        json.WriteNumber("completion_tokens", completionTokens);
        json.WriteEndObject();
    }
}
