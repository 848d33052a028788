using System.Text.Json;
using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Transport;

/// <summary>
/// Serializes one request body before the clock starts (style.md: the hot path sends ready bytes).
/// Chat requests send <c>max_completion_tokens</c> as vLLM's benchmark does; completions and the Messages API send
/// <c>max_tokens</c>, the Responses API <c>max_output_tokens</c>.
/// </summary>
public sealed class OpenAiRequestBuilder(EndpointOptions endpoint, string model)
{
    public byte[] Build(WorkloadItem item)
    {
        using var buffer = new MemoryStream(256 + item.Prompt.Length * 2);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            switch (endpoint.Api)
            {
                case EndpointApi.Chat:
                    WriteMessages(json, "messages", item, systemApart: false);
                    json.WriteNumber("max_completion_tokens", item.MaxOutputTokens);
                    break;
                case EndpointApi.Responses:
                    WriteMessages(json, "input", item, systemApart: false);
                    json.WriteNumber("max_output_tokens", item.MaxOutputTokens);
                    break;
                case EndpointApi.Messages:
                    WriteMessages(json, "messages", item, systemApart: true);
                    json.WriteNumber("max_tokens", item.MaxOutputTokens);
                    break;
                default:
                    json.WriteString("prompt", item.Prompt);
                    json.WriteNumber("max_tokens", item.MaxOutputTokens);
                    break;
            }
            json.WriteBoolean("stream", endpoint.Stream);
            // the Responses and Messages APIs always send usage at the end; they have no include_usage
            if (endpoint.Stream && endpoint.Api is EndpointApi.Chat or EndpointApi.Completions)
            {
                json.WriteStartObject("stream_options");
                json.WriteBoolean("include_usage", true);
                json.WriteEndObject();
            }
            if (endpoint.IgnoreEos)
            {
                json.WriteBoolean("ignore_eos", true);
            }
            if (endpoint.Temperature is { } temperature)
            {
                json.WriteNumber("temperature", temperature);
            }
            if (endpoint.Seed is { } seed)
            {
                json.WriteNumber("seed", seed);
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// The conversation as a list of role and content (chat's <c>messages</c>, the Responses API's <c>input</c>). With
    /// <paramref name="systemApart"/> (the Messages API, whose roles are only user and assistant) system messages go to
    /// the top-level <c>system</c> instead, joined by blank lines.
    /// </summary>
    private static void WriteMessages(Utf8JsonWriter json, string name, WorkloadItem item, bool systemApart)
    {
        IReadOnlyList<ChatMessage> messages = item.Messages is { Count: > 0 } given ? given : [new ChatMessage("user", item.Prompt)];
        if (systemApart && messages.Any(IsSystem))
        {
            json.WriteString("system", string.Join("\n\n", messages.Where(IsSystem).Select(message => message.Content)));
            messages = [.. messages.Where(message => !IsSystem(message))];
        }
        json.WriteStartArray(name);
        foreach (var message in messages)
        {
            WriteMessage(json, message.Role, message.Content);
        }
        json.WriteEndArray();
    }

    private static bool IsSystem(ChatMessage message) => message.Role == "system";

    private static void WriteMessage(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        json.WriteString("content", content);
        json.WriteEndObject();
    }
}
