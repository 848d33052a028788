namespace LlmLoad.Core.Workload;

/// <summary>One prompt to send.</summary>
/// <param name="Prompt">The prompt text. For a chat item (<see cref="Messages"/> set), the message contents joined by blank lines, for display only.</param>
/// <param name="PromptTokens">Prompt length in tokens by the workload's tokenizer. For a chat item, the sum over message contents; chat-template tokens are not counted.</param>
/// <param name="MaxOutputTokens">The <c>max_tokens</c> to ask for, at least 1.</param>
public sealed record WorkloadItem(string Prompt, int PromptTokens, int MaxOutputTokens)
{
    /// <summary>The full conversation to send, when the dataset gave one; otherwise send <see cref="Prompt"/> as one user message.</summary>
    public IReadOnlyList<ChatMessage>? Messages { get; init; }

    /// <summary>The source the item was drawn from under <c>--dataset-mix</c> (as typed, e.g. <c>sharegpt:PATH</c>); null for a single dataset.</summary>
    public string? Dataset { get; init; }
}
