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

    /// <summary>Where the content's UTF-8 lies in the SSE payload, when the per-event reader left it there instead of making <see cref="Content"/>.</summary>
    internal PayloadRange ContentInPayload { get; init; }

    /// <summary>As <see cref="ContentInPayload"/>, for the reasoning text.</summary>
    internal PayloadRange ReasoningInPayload { get; init; }

    public bool HasContent => !string.IsNullOrEmpty(Content) || ContentInPayload.Length > 0;

    public bool HasText => HasContent || !string.IsNullOrEmpty(Reasoning) || ReasoningInPayload.Length > 0;
}

/// <summary>A stretch of an SSE event's payload bytes.</summary>
internal readonly record struct PayloadRange(int Start, int Length)
{
    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> payload) => payload.Slice(Start, Length);
}
