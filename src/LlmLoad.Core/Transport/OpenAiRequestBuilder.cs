using System.Text.Json;
using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Transport;

/// <summary>
/// Serializes one request body before the clock starts (style.md: the hot path sends ready bytes).
/// Chat requests send <c>max_completion_tokens</c> as vLLM's benchmark does; completions send <c>max_tokens</c>.
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
            if (endpoint.Api == EndpointApi.Chat)
            {
                WriteMessages(json, item);
                json.WriteNumber("max_completion_tokens", item.MaxOutputTokens);
            }
            else
            {
                json.WriteString("prompt", item.Prompt);
                json.WriteNumber("max_tokens", item.MaxOutputTokens);
            }
            json.WriteBoolean("stream", endpoint.Stream);
            if (endpoint.Stream)
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

    private static void WriteMessages(Utf8JsonWriter json, WorkloadItem item)
    {
        json.WriteStartArray("messages");
        if (item.Messages is { Count: > 0 } messages)
        {
            foreach (var message in messages)
            {
                WriteMessage(json, message.Role, message.Content);
            }
        }
        else
        {
            WriteMessage(json, "user", item.Prompt);
        }
        json.WriteEndArray();
    }

    private static void WriteMessage(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        json.WriteString("content", content);
        json.WriteEndObject();
    }
}
