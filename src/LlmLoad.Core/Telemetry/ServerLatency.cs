namespace LlmLoad.Core.Telemetry;

/// <summary>
/// A server-side latency over a window, in ms, estimated from the increase of the engine's histogram:
/// the observation count, the mean (exact, from <c>_sum</c>) and percentiles interpolated within buckets,
/// each good to its bucket's width.
/// </summary>
public sealed record ServerLatency(double Count, double? MeanMs, double? P50Ms, double? P90Ms, double? P99Ms)
{
    public static ServerLatency? From(HistogramSnapshot? delta)
    {
        if (delta is null || delta.Count <= 0)
        {
            return null;
        }
        return new ServerLatency(delta.Count, delta.Sum / delta.Count * 1000, Ms(delta.Quantile(0.5)), Ms(delta.Quantile(0.9)), Ms(delta.Quantile(0.99)));
    }

    private static double? Ms(double? seconds) => seconds * 1000;
}
