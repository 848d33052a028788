namespace LlmLoad.Core.Workload;

/// <summary>One line of a JSON Lines dataset.</summary>
/// <param name="LineNumber">1-based line in the file.</param>
/// <param name="Prompt">The <c>prompt</c> text, or for a chat line the message contents joined by blank lines.</param>
/// <param name="Messages">The <c>messages</c> of a chat line; null for a prompt line.</param>
/// <param name="OutputTokens">The line's <c>output_tokens</c>, or null when it has none.</param>
internal sealed record JsonlEntry(int LineNumber, string Prompt, IReadOnlyList<ChatMessage>? Messages, int? OutputTokens)
{
    /// <summary>The line's <c>session_id</c> (a string, or a number's JSON text): <c>--multi-turn</c> plays lines with the same id as one session, in file order.</summary>
    public string? SessionId { get; init; }

    /// <summary>The line's <c>timestamp</c>: when to send it, in ms from the trace's start; null when it has none.</summary>
    public double? TimestampMs { get; init; }
}
