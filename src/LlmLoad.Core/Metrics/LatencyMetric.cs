namespace LlmLoad.Core.Metrics;

/// <summary>
/// A latency metric with full statistics in a <see cref="RunSummary"/>: <see cref="Key"/> is the
/// middle of its summary.json keys (<c>mean_{Key}_ms</c>), <see cref="Name"/> the short name in
/// labels (<c>Mean TTFT (ms)</c>), <see cref="Title"/> the result-block section heading.
/// </summary>
public sealed record LatencyMetric(string Key, string Name, string Title, string Description, Func<RunSummary, LatencyStats> Stats);
