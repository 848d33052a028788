namespace LlmLoad.Core.Workload;

/// <summary>One message of a chat request, as sent in the OpenAI <c>messages</c> array.</summary>
/// <param name="Role"><c>system</c>, <c>user</c> or <c>assistant</c> (passed through as written in the dataset).</param>
/// <param name="Content">The message text.</param>
public sealed record ChatMessage(string Role, string Content);
