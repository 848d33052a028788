namespace LlmLoad.Core.Workload;

/// <summary>A dataset conversation as a session plays it: an optional system prompt, then user turns with their replies.</summary>
internal sealed record NormalizedConversation(string? SystemPrompt, IReadOnlyList<Exchange> Exchanges);
