namespace LlmLoad.Core.Workload;

/// <summary>What llmload uses of one ShareGPT conversation.</summary>
/// <param name="Index">0-based position in the file's top-level array.</param>
/// <param name="Prompt">The first user turn, or null when there is none.</param>
/// <param name="Reply">The first assistant turn after the prompt, or null when there is none.</param>
internal sealed record ShareGptConversation(int Index, string? Prompt, string? Reply);
