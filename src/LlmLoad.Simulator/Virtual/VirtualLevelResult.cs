namespace LlmLoad.Simulator.Virtual;

/// <summary>
/// One concurrency level of a virtual-time sweep, measured over its window (warm-up excluded), with the
/// definitions of metrics.md: TPOT per request = (last − first) / (tokens − 1); ITL = gaps between events
/// (a merged event is one gap); tok/s per user = 1000 / mean TPOT.
/// </summary>
public sealed record VirtualLevelResult
{
    /// <summary>Closed-loop virtual users.</summary>
    public required int Concurrency { get; init; }

    /// <summary>Virtual time before the window, in seconds.</summary>
    public required double WarmupSeconds { get; init; }

    /// <summary>Length of the measured window, in seconds.</summary>
    public required double WindowSeconds { get; init; }

    /// <summary>Requests that completed within the window.</summary>
    public required int Succeeded { get; init; }

    /// <summary>Attempts that failed within the window (rejections included).</summary>
    public required int Failed { get; init; }

    /// <summary>Failures in the window by kind; kinds with none are absent.</summary>
    public required IReadOnlyDictionary<SimulatedFailure, int> FailuresByKind { get; init; }

    /// <summary>Successful requests per second.</summary>
    public required double RequestsPerSecond { get; init; }

    /// <summary>Output tokens of successful requests per second (metrics.md's definition).</summary>
    public required double OutputTokensPerSecond { get; init; }

    /// <summary>Prompt tokens (template included) of successful requests per second.</summary>
    public required double InputTokensPerSecond { get; init; }

    /// <summary>Every token the engine emitted in the window per second, failed streams included; smoother than completions.</summary>
    public required double GeneratedTokensPerSecond { get; init; }

    /// <summary>Time to first token, ms.</summary>
    public required LatencySummary Ttft { get; init; }

    /// <summary>Time per output token, ms.</summary>
    public required LatencySummary Tpot { get; init; }

    /// <summary>Inter-event gaps, ms; mean over all gaps, percentiles from every tenth request's gaps.</summary>
    public required LatencySummary Itl { get; init; }

    /// <summary>End-to-end latency (send to last token), ms.</summary>
    public required LatencySummary E2el { get; init; }

    /// <summary>Mean tokens carried by one stream event.</summary>
    public required double MeanTokensPerEvent { get; init; }

    /// <summary>Mean duration of an engine step over the whole run, ms.</summary>
    public required double MeanStepMs { get; init; }

    /// <summary>Mean sequences per engine step over the whole run.</summary>
    public required double MeanBatchSize { get; init; }

    /// <summary>Recompute preemptions over the whole run.</summary>
    public required long Preemptions { get; init; }

    /// <summary>Highest number of requests in flight in the server.</summary>
    public required int MaxInFlight { get; init; }

    /// <summary>Request accounting over the whole run.</summary>
    public required RequestCounts Totals { get; init; }

    /// <summary>By turn index (turn 1 first), for multi-turn sessions; one entry for single-turn requests.</summary>
    public IReadOnlyList<VirtualTurnResult> ByTurn { get; init; } = [];

    /// <summary>Prompt tokens looked up in the prefix cache in the window (vLLM <c>prefix_cache_queries</c>); 0 with caching off.</summary>
    public long PrefixCacheQueryTokens { get; init; }

    /// <summary>Prompt tokens found in the prefix cache in the window (vLLM <c>prefix_cache_hits</c>).</summary>
    public long PrefixCacheHitTokens { get; init; }

    /// <summary>Hits / queries in the window; NaN when nothing was looked up.</summary>
    public double PrefixCacheHitRate => PrefixCacheQueryTokens == 0 ? double.NaN : (double)PrefixCacheHitTokens / PrefixCacheQueryTokens;

    /// <summary>1000 / mean TPOT, the published study's "output tok/s per user".</summary>
    public double OutputTokensPerSecondPerUser => 1000.0 / Tpot.Mean;

    /// <summary>Succeeded / (succeeded + failed) in the window; 1 when nothing was attempted.</summary>
    public double SuccessRate => Succeeded + Failed == 0 ? 1.0 : (double)Succeeded / (Succeeded + Failed);

    /// <summary>Failed share of attempts in the window, in percent.</summary>
    public double FailurePercent => 100.0 * (1.0 - SuccessRate);
}
