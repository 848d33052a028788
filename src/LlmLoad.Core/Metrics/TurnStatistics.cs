namespace LlmLoad.Core.Metrics;

/// <summary>
/// The requests of one turn index of a multi-turn run (every session's turn k): how many there were,
/// how long their prompts were with the history, and their latency. Read in turn order, TTFT against
/// input tokens is the curve that shows a server's prefix cache.
/// </summary>
public sealed record TurnStatistics
{
    /// <summary>The turn index, from 1.</summary>
    public required int Turn { get; init; }

    /// <summary>Requests of this turn that ended, successful or failed (cancelled ones excluded, as everywhere).</summary>
    public int Requests { get; init; }

    /// <summary>Successful requests of this turn.</summary>
    public int Completed { get; init; }

    /// <summary>Mean prompt tokens (history included) over <see cref="Requests"/>; null with none.</summary>
    public double? MeanInputTokens { get; init; }

    /// <summary>TTFT over the turn's successful requests.</summary>
    public LatencyStats Ttft { get; init; } = LatencyStats.Empty;

    /// <summary>TPOT over the turn's successful requests with more than one output token.</summary>
    public LatencyStats Tpot { get; init; } = LatencyStats.Empty;
}
