namespace LlmLoad.Core.Telemetry;

/// <summary>How a mapped metric is read over a window (the <c>kind</c> of an <c>engine-map.json</c> entry).</summary>
public enum EngineMetricKind
{
    /// <summary>A level: mean and max over the window's scrapes.</summary>
    Gauge,

    /// <summary>A running total: its increase over the window (reset-aware).</summary>
    Counter,

    /// <summary>A histogram: percentiles of the buckets' increase over the window.</summary>
    Histogram,

    /// <summary>Increase of a counter divided by the increase of its denominator counter.</summary>
    CounterRatio,
}
