namespace LlmLoad.Core.Telemetry;

/// <summary>
/// One line of <c>server_metrics.jsonl</c> read back: when the scrape started on the run clock (ms), the page, the
/// engine that answered (null when unknown or failed), its common gauges and cumulative counters as scraped, and
/// why it failed when it did. The raw series are not kept: charts and summaries read the common names.
/// </summary>
public sealed record ServerMetricsSample(double AtMs, Uri Url, string? Engine, IReadOnlyDictionary<string, double> Metrics, string? Error = null)
{
    /// <summary>The common metric's value; null when the scrape lacks it or it is not a number.</summary>
    public double? Metric(string common) => Metrics.TryGetValue(common, out var value) && double.IsFinite(value) ? value : null;
}
