namespace LlmLoad.Core.Metrics;

/// <summary>How an SLO compares a measured value with its threshold.</summary>
public enum SloComparison
{
    /// <summary><c>&lt;=</c>: the value may equal the threshold (vLLM's goodput is inclusive too).</summary>
    LessOrEqual,
    Less,
    GreaterOrEqual,
    Greater,
}
