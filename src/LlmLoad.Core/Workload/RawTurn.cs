namespace LlmLoad.Core.Workload;

/// <summary>One message of a dataset conversation as written, before <see cref="ConversationNormalizer"/> repairs it.</summary>
/// <param name="Role">The role as the dataset spells it (<c>human</c>, <c>gpt</c>, <c>user</c>, <c>assistant</c>, <c>system</c>...).</param>
/// <param name="Content">The text; null when the dataset's value was not a string.</param>
/// <param name="OutputTokens">For a user message, the <c>output_tokens</c> its JSON Lines line gave; else null.</param>
/// <param name="StartsTurn">A user turn of its own even right after another user turn (a JSON Lines <c>session_id</c> prompt line), never merged into it.</param>
internal sealed record RawTurn(string Role, string? Content, int? OutputTokens = null, bool StartsTurn = false);
