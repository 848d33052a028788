namespace LlmLoad.Core.Metrics;

/// <summary>
/// How the server's output token counts (<c>usage.completion_tokens</c>) compare with our
/// tokenizer's over successful requests that have both. Disagreement means throughput and TPOT
/// depend on which count is used, which a report should say.
/// </summary>
public sealed record TokenCountMismatch
{
    /// <summary>Successful requests with both a usage count and a tokenizer count.</summary>
    public int Compared { get; init; }

    /// <summary>Of those, the requests whose two counts differ.</summary>
    public int Mismatched { get; init; }

    /// <summary>Mean of |usage - tokenizer| over the mismatched requests, in tokens; null when none differ.</summary>
    public double? MeanAbsoluteDifference { get; init; }
}
