namespace LlmLoad.Core.Telemetry;

/// <summary>
/// What one metrics page said over a run's measured window (summary.json's <c>server</c> block): the engine
/// that answered, the scrapes taken and failed, the common gauges' mean and max, the counters' increase, the
/// prefix-cache hit rate, the engine's own TTFT and queue time, and notes on anything that went wrong.
/// </summary>
public sealed record ServerSummary
{
    public required Uri Url { get; init; }

    /// <summary>The engine detected on the page (engine-map.json's name); null when no known engine answered.</summary>
    public string? Engine { get; init; }

    public int Scrapes { get; init; }

    public int FailedScrapes { get; init; }

    /// <summary>Mapped gauges by common name (running, waiting, kv_cache_usage, gpu_utilization, ...).</summary>
    public IReadOnlyDictionary<string, ServerGauge> Gauges { get; init; } = new Dictionary<string, ServerGauge>();

    /// <summary>Mapped counters' increase over the window, by common name (preemptions).</summary>
    public IReadOnlyDictionary<string, double> Counters { get; init; } = new Dictionary<string, double>();

    /// <summary>Prefix-cache hits / queries over the window (0..1); null when the engine does not say.</summary>
    public double? PrefixCacheHitRate { get; init; }

    public ServerLatency? Ttft { get; init; }

    public ServerLatency? QueueTime { get; init; }

    /// <summary>Failed scrapes, an unknown engine, a window without scrapes: one sentence each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The page of a known engine that reports running sequences (a DCGM page does not); null when none.</summary>
    public static ServerSummary? EnginePage(IReadOnlyList<ServerSummary> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        return pages.FirstOrDefault(s => s.Engine is not null && s.Gauge(CommonMetric.Running) is not null);
    }

    public ServerGauge? Gauge(string common) => Gauges.GetValueOrDefault(common);

    public double? Counter(string common) => Counters.TryGetValue(common, out var value) ? value : null;
}
