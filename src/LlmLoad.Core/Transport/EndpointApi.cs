namespace LlmLoad.Core.Transport;

/// <summary>Which OpenAI-compatible API the requests go to.</summary>
public enum EndpointApi
{
    /// <summary><c>POST /v1/chat/completions</c> with <c>messages</c>.</summary>
    Chat,
    /// <summary><c>POST /v1/completions</c> with <c>prompt</c>.</summary>
    Completions,
}
