namespace LlmLoad.Simulator.Http;

/// <summary>The fields of an OpenAI completion request that the simulator acts on.</summary>
/// <param name="Kind">Chat or text completion.</param>
/// <param name="Model">The model named by the request (echoed back), or the profile's served name.</param>
/// <param name="PromptTokens">o200k_base tokens of the prompt, plus the chat-template overhead for chat.</param>
/// <param name="PromptBlockHashes">Chained hashes of the prompt's full KV blocks (<see cref="RenderedPrompt"/>); empty with prefix caching off.</param>
/// <param name="MaxTokens">max_completion_tokens, else max_tokens, else the default.</param>
/// <param name="Stream">Server-sent events instead of one JSON body.</param>
/// <param name="IncludeUsage">stream_options.include_usage: a final chunk with usage and no choices.</param>
/// <param name="IgnoreEos">Generate exactly MaxTokens (finish_reason length); otherwise an early EOS may end with stop.</param>
internal sealed record CompletionRequest(
    CompletionKind Kind,
    string Model,
    int PromptTokens,
    IReadOnlyList<ulong> PromptBlockHashes,
    int MaxTokens,
    bool Stream,
    bool IncludeUsage,
    bool IgnoreEos);
