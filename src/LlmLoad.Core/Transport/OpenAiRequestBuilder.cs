using System.Text.Json;
using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Transport;

/// <summary>
/// Serializes one request body before the clock starts (style.md: the hot path sends ready bytes).
/// Chat requests send <c>max_completion_tokens</c> as vLLM's benchmark does; completions and the Messages API send
/// <c>max_tokens</c>, the Responses API <c>max_output_tokens</c>.
/// The fields of <see cref="EndpointOptions.ExtraBody"/> follow llmload's own; with
/// <see cref="EndpointOptions.ExtraBodyOverride"/> one of the same name is written instead of llmload's.
/// </summary>
public sealed class OpenAiRequestBuilder(EndpointOptions endpoint)
{
    /// <summary>Keys llmload sets in every body; an extra body may not set them unless it overrides (either token limit stands for both).</summary>
    private static readonly string[] s_alwaysOwn = ["model", "messages", "prompt", "stream", "max_tokens", "max_completion_tokens", "stream_options"];

    private readonly ExtraBody? _extra = endpoint.ExtraBody;

    /// <summary>Every key llmload writes for <paramref name="endpoint"/>: the fixed ones and those its flags add (<c>temperature</c>, <c>seed</c>, <c>ignore_eos</c>).</summary>
    public static IReadOnlyCollection<string> OwnKeys(EndpointOptions endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var keys = new HashSet<string>(s_alwaysOwn, StringComparer.Ordinal);
        if (endpoint.IgnoreEos)
        {
            keys.Add("ignore_eos");
        }
        if (endpoint.Temperature is not null)
        {
            keys.Add("temperature");
        }
        if (endpoint.Seed is not null)
        {
            keys.Add("seed");
        }
        return keys;
    }

    /// <summary>The body of <paramref name="item"/> sent to <paramref name="model"/>.</summary>
    public byte[] Build(WorkloadItem item, string model)
    {
        using var buffer = new MemoryStream(256 + item.Prompt.Length * 2);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (Own("model"))
            {
                json.WriteString("model", model);
            }
            var ownLimit = Own("max_tokens") && Own("max_completion_tokens") && Own("max_output_tokens");
            switch (endpoint.Api)
            {
                case EndpointApi.Chat:
                    WriteConversation("messages", systemApart: false, "max_completion_tokens");
                    break;
                case EndpointApi.Responses:
                    WriteConversation("input", systemApart: false, "max_output_tokens");
                    break;
                case EndpointApi.Messages:
                    WriteConversation("messages", systemApart: true, "max_tokens");
                    break;
                default:
                    if (Own("prompt"))
                    {
                        json.WriteString("prompt", item.Prompt);
                    }
                    if (ownLimit)
                    {
                        json.WriteNumber("max_tokens", item.MaxOutputTokens);
                    }
                    break;
            }
            if (Own("stream"))
            {
                json.WriteBoolean("stream", endpoint.Stream);
            }
            // the Responses and Messages APIs always send usage at the end; they have no include_usage
            if (endpoint.Stream && endpoint.Api is EndpointApi.Chat or EndpointApi.Completions && Own("stream_options"))
            {
                json.WriteStartObject("stream_options");
                json.WriteBoolean("include_usage", true);
                json.WriteEndObject();
            }
            if (endpoint.IgnoreEos && Own("ignore_eos"))
            {
                json.WriteBoolean("ignore_eos", true);
            }
            if (endpoint.Temperature is { } temperature && Own("temperature"))
            {
                json.WriteNumber("temperature", temperature);
            }
            if (endpoint.Seed is { } seed && Own("seed"))
            {
                json.WriteNumber("seed", seed);
            }
            if (_extra is not null)
            {
                foreach (var property in _extra.Properties)
                {
                    property.WriteTo(json);
                }
            }
            json.WriteEndObject();

            // chat, Responses and Messages: the conversation under its API's key and the output limit under its name
            void WriteConversation(string key, bool systemApart, string limitKey)
            {
                if (Own(key))
                {
                    WriteMessages(json, key, item, systemApart);
                }
                if (ownLimit)
                {
                    json.WriteNumber(limitKey, item.MaxOutputTokens);
                }
            }
        }
        return buffer.ToArray();
    }

    // validation refused an extra key llmload sets unless the user asked to override it, so a key given here is theirs to send
    private bool Own(string key) => _extra is null || !_extra.Has(key);

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
