namespace LlmLoad.Core.Transport;

/// <summary>
/// The parts of one OpenAI-compatible chunk that the measurement needs (chat or completions).
/// Text is split into <see cref="Content"/> and <see cref="Reasoning"/> (reasoning_content / reasoning deltas).
/// </summary>
public readonly record struct StreamEvent(
    StreamEventKind Kind,
    string? Content = null,
    string? Reasoning = null,
    string? FinishReason = null,
    int? PromptTokens = null,
    int? CompletionTokens = null,
    string? ErrorMessage = null,
    int? ErrorCode = null)
{
    public static StreamEvent DoneEvent => new(StreamEventKind.Done);

    public static StreamEvent MalformedEvent(string why) => new(StreamEventKind.Malformed, ErrorMessage: why);

    public bool HasText => !string.IsNullOrEmpty(Content) || !string.IsNullOrEmpty(Reasoning);
}
