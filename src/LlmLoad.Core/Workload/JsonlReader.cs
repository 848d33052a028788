using System.Text.Json;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Reads a JSON Lines dataset: one object per line, either <c>{"prompt": "...", "output_tokens": 120}</c> or
/// <c>{"messages": [{"role": "user", "content": "..."}], "output_tokens": 120}</c> (<c>output_tokens</c> optional),
/// each optionally with a <c>session_id</c> (used by <c>--multi-turn</c>) and a <c>timestamp</c> (ms from the trace's
/// start, to replay the lines at their times).
/// Blank lines are skipped. Errors name the 1-based line.
/// </summary>
internal static class JsonlReader
{
    private const string ExpectedObject = "expected an object with a \"prompt\" or \"messages\" field";

    public static IReadOnlyList<JsonlEntry> Read(string path) => JsonLinesFile.Read(path, ExpectedObject, ParseLine);

    private static JsonlEntry ParseLine(string where, int lineNumber, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new WorkloadException($"{where}: {ExpectedObject}.");
        }

        var hasPrompt = root.TryGetProperty("prompt", out var prompt);
        var hasMessages = root.TryGetProperty("messages", out var messages);
        var outputTokens = ReadOutputTokens(where, root);
        var entry = (hasPrompt, hasMessages) switch
        {
            (true, true) => throw new WorkloadException($"{where}: has both \"prompt\" and \"messages\"; expected one of them."),
            (false, false) => throw new WorkloadException($"{where}: {ExpectedObject}."),
            (true, false) when prompt.ValueKind == JsonValueKind.String => new JsonlEntry(lineNumber, prompt.GetString()!, null, outputTokens),
            (true, false) => throw new WorkloadException($"{where}: \"prompt\" must be a string."),
            _ => ChatEntry(where, lineNumber, messages, outputTokens),
        };
        return entry with { SessionId = ReadSessionId(where, root), TimestampMs = ReadTimestamp(where, root) };
    }

    private static string? ReadSessionId(string where, JsonElement root)
    {
        if (!root.TryGetProperty("session_id", out var id) || id.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return id.ValueKind switch
        {
            JsonValueKind.String => id.GetString(),
            JsonValueKind.Number => id.GetRawText(),
            _ => throw new WorkloadException($"{where}: \"session_id\" must be a string or a number, not {id.GetRawText()}."),
        };
    }

    private static double? ReadTimestamp(string where, JsonElement root)
    {
        if (!root.TryGetProperty("timestamp", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var ms) ? ms
            : throw new WorkloadException($"{where}: \"timestamp\" must be a number of milliseconds from the trace's start, not {value.GetRawText()}.");
    }

    private static JsonlEntry ChatEntry(string where, int lineNumber, JsonElement messages, int? outputTokens)
    {
        var problem = $"{where}: \"messages\" must be a non-empty array of {{\"role\": \"...\", \"content\": \"...\"}} objects with string values.";
        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw new WorkloadException(problem);
        }

        var list = new List<ChatMessage>();
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String
                || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
            {
                throw new WorkloadException(problem);
            }

            list.Add(new ChatMessage(role.GetString()!, content.GetString()!));
        }

        return new JsonlEntry(lineNumber, string.Join("\n\n", list.Select(m => m.Content)), list, outputTokens);
    }

    private static int? ReadOutputTokens(string where, JsonElement root)
    {
        if (!root.TryGetProperty("output_tokens", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var tokens) || tokens < 0)
        {
            throw new WorkloadException($"{where}: \"output_tokens\" must be a whole number of at least 0, not {value.GetRawText()}.");
        }

        return tokens;
    }
}
