namespace LlmLoad.Core.Metrics;

/// <summary>
/// The sessions of a multi-turn run, each built from its measured records (metrics.md, "Sessions"):
/// how many there were, how they ended, how many turns they completed and how long they took.
/// </summary>
public sealed record SessionStatistics
{
    /// <summary>Sessions with at least one measured request that ended (successful or failed).</summary>
    public int Sessions { get; init; }

    /// <summary>Sessions whose last request failed: a failed turn ends its session.</summary>
    public int EndedByFailure { get; init; }

    /// <summary>Sessions that still had a request in flight when the run was stopped.</summary>
    public int Interrupted { get; init; }

    /// <summary>Mean number of successful turns per session; null without sessions.</summary>
    public double? MeanTurnsCompleted { get; init; }

    /// <summary>Session duration, first request's sent_at to last request's end (think times included), ms.</summary>
    public LatencyStats DurationMs { get; init; } = LatencyStats.Empty;

    /// <summary>First request's sent_at to the session's last token, over sessions with a successful turn, ms.</summary>
    public LatencyStats TimeToLastTokenMs { get; init; } = LatencyStats.Empty;
}
