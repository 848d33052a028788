namespace LlmLoad.Core.Transport;

/// <summary>Which API the requests go to.</summary>
public enum EndpointApi
{
    /// <summary><c>POST /v1/chat/completions</c> with <c>messages</c>.</summary>
    Chat,
    /// <summary><c>POST /v1/completions</c> with <c>prompt</c>.</summary>
    Completions,
    /// <summary><c>POST /v1/responses</c> (OpenAI Responses API) with <c>input</c>; streams <c>response.output_text.delta</c> events.</summary>
    Responses,
    /// <summary><c>POST /v1/messages</c> (Anthropic Messages API, served by vLLM and SGLang) with <c>messages</c>; streams <c>content_block_delta</c> events.</summary>
    Messages,
}
