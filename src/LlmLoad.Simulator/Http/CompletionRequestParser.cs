using System.Text.Json;
using LlmLoad.Simulator.Frontend;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Http;

/// <summary>Reads a completion request body; every rejection is a message for a 400 response.</summary>
internal static class CompletionRequestParser
{
    /// <summary>max_tokens when a request sets neither max_tokens nor max_completion_tokens.</summary>
    public const int DefaultMaxTokens = 256;

    public static bool TryParse(JsonElement root, CompletionKind kind, SimulatorProfile profile, out CompletionRequest request, out string error)
    {
        request = null!;
        error = "";
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "The request body must be a JSON object.";
            return false;
        }

        var model = profile.ServedModelName;
        if (root.TryGetProperty("model", out var modelElement) && modelElement.ValueKind != JsonValueKind.Null)
        {
            if (modelElement.ValueKind != JsonValueKind.String)
            {
                error = "'model' must be a string.";
                return false;
            }

            model = modelElement.GetString()!;
        }

        var rendered = new RenderedPrompt(profile.BlockSize);
        var promptOk = kind switch
        {
            CompletionKind.Text => RenderPrompt(root, rendered, ref error),
            CompletionKind.Responses => RenderInput(root, rendered, ref error),
            CompletionKind.Messages => RenderSystem(root, rendered, ref error) && RenderMessages(root, rendered, ref error),
            _ => RenderMessages(root, rendered, ref error),
        };
        if (!promptOk
            || !TryGetBool(root, "stream", out var stream, ref error)
            || !TryGetBool(root, "ignore_eos", out var ignoreEos, ref error)
            || !TryGetMaxTokens(root, kind, out var maxTokens, ref error)
            || !TryGetIncludeUsage(root, stream, out var includeUsage, ref error))
        {
            return false;
        }

        var typedEvents = kind is CompletionKind.Responses or CompletionKind.Messages;
        if (typedEvents && !stream)
        {
            error = "The simulator serves /v1/responses and /v1/messages streamed only; set 'stream': true.";
            return false;
        }

        if (root.TryGetProperty("n", out var n) && n.ValueKind != JsonValueKind.Null && !(n.TryGetInt32(out var count) && count == 1))
        {
            error = "The simulator supports only 'n' = 1.";
            return false;
        }

        if (kind != CompletionKind.Text)
        {
            rendered.AddTemplateTokens(profile.PromptOverheadTokens);
        }

        var prompt = Math.Max(1, rendered.Tokens); // an empty prompt still has its begin-of-sequence token
        var max = maxTokens ?? Math.Max(1, Math.Min(DefaultMaxTokens, profile.MaxModelLen - prompt));
        if (!ContextLimit.Fits(profile, prompt, max))
        {
            error = ContextLimit.Refusal(profile, prompt, max);
            return false;
        }

        var hashes = profile.PrefixCaching ? rendered.BlockHashes() : [];
        // the Responses and Messages APIs always end with usage
        request = new CompletionRequest(kind, model, prompt, hashes, max, stream, includeUsage || typedEvents, ignoreEos);
        return true;
    }

    private static bool RenderMessages(JsonElement root, RenderedPrompt rendered, ref string error) =>
        RenderMessageList(root, "messages", rendered, ref error);

    /// <summary>The Responses API's <c>input</c>: one user message as a string, or a list of messages as chat's.</summary>
    private static bool RenderInput(JsonElement root, RenderedPrompt rendered, ref string error)
    {
        if (root.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.String)
        {
            rendered.AddMessageText("user", input.GetString()!, startsMessage: true);
            return true;
        }

        return RenderMessageList(root, "input", rendered, ref error);
    }

    /// <summary>The Messages API's top-level <c>system</c> prompt (a string or text blocks), rendered as chat renders a system message.</summary>
    private static bool RenderSystem(JsonElement root, RenderedPrompt rendered, ref string error)
    {
        if (!root.TryGetProperty("system", out var system) || system.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        return RenderContent("system", system, rendered, ref error);
    }

    private static bool RenderMessageList(JsonElement root, string name, RenderedPrompt rendered, ref string error)
    {
        if (!root.TryGetProperty(name, out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            error = $"'{name}' must be a non-empty array.";
            return false;
        }

        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object)
            {
                error = "Each entry of 'messages' must be an object.";
                return false;
            }

            if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var role = message.TryGetProperty("role", out var roleElement) && roleElement.ValueKind == JsonValueKind.String ? roleElement.GetString()! : "";
            if (!RenderContent(role, content, rendered, ref error))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One message's content: a string, or content parts (blocks) whose <c>text</c> is read.</summary>
    private static bool RenderContent(string role, JsonElement content, RenderedPrompt rendered, ref string error)
    {
        var tokensBefore = rendered.Tokens;
        if (content.ValueKind == JsonValueKind.String)
        {
            rendered.AddMessageText(role, content.GetString()!, startsMessage: true);
        }
        else if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in content.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    rendered.AddMessageText(role, text.GetString()!, startsMessage: rendered.Tokens == tokensBefore);
                }
            }
        }
        else
        {
            error = "A message 'content' must be a string or an array of content parts.";
            return false;
        }

        return true;
    }

    private static bool RenderPrompt(JsonElement root, RenderedPrompt rendered, ref string error)
    {
        if (!root.TryGetProperty("prompt", out var prompt))
        {
            error = "'prompt' is required.";
            return false;
        }

        switch (prompt.ValueKind)
        {
            case JsonValueKind.String:
                rendered.AddText(prompt.GetString()!);
                return true;
            case JsonValueKind.Array when prompt.GetArrayLength() > 0 && prompt.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number):
                AddTokenIds(prompt, rendered);
                return true;
            case JsonValueKind.Array when prompt.GetArrayLength() == 1 && prompt[0].ValueKind == JsonValueKind.String:
                rendered.AddText(prompt[0].GetString()!);
                return true;
            case JsonValueKind.Array when prompt.GetArrayLength() == 1 && prompt[0].ValueKind == JsonValueKind.Array:
                AddTokenIds(prompt[0], rendered);
                return true;
            default:
                error = "'prompt' must be a string, one string in an array, or an array of token ids (the simulator serves one prompt per request).";
                return false;
        }
    }

    private static void AddTokenIds(JsonElement ids, RenderedPrompt rendered)
    {
        foreach (var id in ids.EnumerateArray())
        {
            // anything but an integer id still counts as one token, of one "unknown" value
            rendered.AddTokenId(id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var value) ? value : -1);
        }
    }

    private static bool TryGetMaxTokens(JsonElement root, CompletionKind kind, out int? maxTokens, ref string error)
    {
        maxTokens = null;
        foreach (var name in kind == CompletionKind.Responses ? (ReadOnlySpan<string>)["max_output_tokens"] : ["max_completion_tokens", "max_tokens"])
        {
            if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value) || value < 1)
            {
                error = $"'{name}' must be an integer of at least 1, got {element.GetRawText()}.";
                return false;
            }

            maxTokens = value;
            return true;
        }

        return true;
    }

    private static bool TryGetIncludeUsage(JsonElement root, bool stream, out bool includeUsage, ref string error)
    {
        includeUsage = false;
        if (!root.TryGetProperty("stream_options", out var options) || options.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (!stream)
        {
            error = "Stream options can only be defined when `stream=True`.";
            return false;
        }

        if (options.ValueKind != JsonValueKind.Object)
        {
            error = "'stream_options' must be an object.";
            return false;
        }

        return TryGetBool(options, "include_usage", out includeUsage, ref error);
    }

    private static bool TryGetBool(JsonElement parent, string name, out bool value, ref string error)
    {
        value = false;
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            value = element.GetBoolean();
            return true;
        }

        error = $"'{name}' must be true or false, got {element.GetRawText()}.";
        return false;
    }
}
