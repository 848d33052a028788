namespace LlmLoad.Core.Workload;

/// <summary>
/// A problem with the user's workload input (a dataset file, a tokenizer file, an option value).
/// The message is one line meant for the user, e.g.
/// <c>data.jsonl line 12: expected an object with a "prompt" or "messages" field.</c>
/// </summary>
public sealed class WorkloadException : Exception
{
    public WorkloadException(string message)
        : base(message)
    {
    }

    public WorkloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
