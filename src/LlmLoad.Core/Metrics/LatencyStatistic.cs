namespace LlmLoad.Core.Metrics;

/// <summary>
/// One statistic of a <see cref="LatencyStats"/>: <see cref="Key"/> starts its summary.json keys
/// (<c>{Key}_ttft_ms</c>, vLLM's <c>mean</c>, <c>median</c>, <c>std</c>, <c>p99</c>, ...) and
/// <see cref="Label"/> starts its row labels (<c>P99 TTFT (ms)</c>).
/// </summary>
public sealed record LatencyStatistic(string Key, string Label, Func<LatencyStats, double?> Value);
