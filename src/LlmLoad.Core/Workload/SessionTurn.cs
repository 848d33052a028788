namespace LlmLoad.Core.Workload;

/// <summary>One user turn of a session script.</summary>
/// <param name="User">The user's message.</param>
/// <param name="UserTokens">Its length by the workload's tokenizer.</param>
/// <param name="MaxOutputTokens">The <c>max_tokens</c> of this turn's request.</param>
/// <param name="DatasetReply">The dataset's assistant reply to it (synthetic: corpus text of MaxOutputTokens tokens), sent as history by <see cref="HistoryMode.Dataset"/>; null when the dataset has none.</param>
/// <param name="DatasetReplyTokens">Its length, when there is one.</param>
public sealed record SessionTurn(string User, int UserTokens, int MaxOutputTokens, string? DatasetReply = null, int? DatasetReplyTokens = null);
