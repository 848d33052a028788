namespace LlmLoad.Core.Workload;

/// <summary>A user turn and the dataset's reply to it (null when the conversation ends on the user turn).</summary>
internal sealed record Exchange(string User, string? Reply, int? OutputTokens);
