namespace LlmLoad.Simulator.Virtual;

/// <summary>
/// One concurrency level of a virtual-time sweep, measured over its window (warm-up excluded): the timings of every
/// request that ended in the window, which latency statistics are computed from (by the CLI, with the summariser
/// measurements go through), and what only the engine knows (step times, batch sizes, prefix cache).
/// </summary>
public sealed record VirtualLevelResult
{
    /// <summary>Closed-loop virtual users.</summary>
    public required int Concurrency { get; init; }

    /// <summary>Virtual time before the window, in seconds.</summary>
    public required double WarmupSeconds { get; init; }

    /// <summary>Length of the measured window, in seconds.</summary>
    public required double WindowSeconds { get; init; }

    /// <summary>Every request that ended within the window, successful or failed (a refusal counts where it was sent).</summary>
    public required IReadOnlyList<VirtualRequestTiming> Requests { get; init; }

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

    /// <summary>Prompt tokens looked up in the prefix cache in the window (vLLM <c>prefix_cache_queries</c>); 0 with caching off.</summary>
    public long PrefixCacheQueryTokens { get; init; }

    /// <summary>Prompt tokens found in the prefix cache in the window (vLLM <c>prefix_cache_hits</c>).</summary>
    public long PrefixCacheHitTokens { get; init; }

    /// <summary>Hits / queries in the window; NaN when nothing was looked up.</summary>
    public double PrefixCacheHitRate => PrefixCacheQueryTokens == 0 ? double.NaN : (double)PrefixCacheHitTokens / PrefixCacheQueryTokens;

    /// <summary>Succeeded / (succeeded + failed) in the window; 1 when nothing was attempted.</summary>
    public double SuccessRate => Succeeded + Failed == 0 ? 1.0 : (double)Succeeded / (Succeeded + Failed);

    /// <summary>Failed share of attempts in the window, in percent.</summary>
    public double FailurePercent => 100.0 * (1.0 - SuccessRate);
}
