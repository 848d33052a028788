namespace LlmLoad.Core.Workload;

/// <summary>What one session sends, before any reply: its system prompt and its user turns in order.</summary>
/// <param name="SystemPrompt">A system message sent first in every turn (a shared prefix, or the dataset's own); null for none.</param>
/// <param name="SystemTokens">Its length by the workload's tokenizer (0 without one).</param>
/// <param name="Turns">The user turns, at least one.</param>
/// <param name="PrefixGroup">Which of the <c>--prefix-groups</c> prefixes <see cref="SystemPrompt"/> is (from 0); null without prefixes.</param>
public sealed record SessionScript(string? SystemPrompt, int SystemTokens, IReadOnlyList<SessionTurn> Turns, int? PrefixGroup = null);
