using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Metrics;

/// <summary>
/// TTFT p50 and p99 per 1 s bucket of a run's <see cref="TimeSeries"/>, over the successful requests whose first token
/// arrived in the bucket: the second in which the latency was seen, as a server's own histogram would count it, so a
/// ramp shows TTFT turning at the moment the endpoint slowed. A bucket without such a request has null. Pure.
/// </summary>
public sealed record TtftOverTime(IReadOnlyList<double?> P50Ms, IReadOnlyList<double?> P99Ms)
{
    /// <summary>The per-bucket TTFT of <paramref name="measured"/> (warm-up excluded), on the buckets of <paramref name="series"/>.</summary>
    public static TtftOverTime Build(IReadOnlyList<RequestRecord> measured, TimeSeries series)
    {
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(series);
        var buckets = new List<double>[series.BucketCount];
        foreach (RequestRecord record in measured.Where(r => r.IsSuccess))
        {
            if (record.FirstTokenAtMs is not { } firstMs || RequestLatency.TtftMs(record) is not { } ttftMs || series.BucketCount == 0)
            {
                continue;
            }
            // the last bucket ends at the run's end, so a first token after it (a late record) joins the last one
            int k = Math.Clamp((int)Math.Floor((firstMs - series.StartMs) / (TimeSeries.BucketSeconds * 1000)), 0, series.BucketCount - 1);
            (buckets[k] ??= []).Add(ttftMs);
        }
        return new TtftOverTime(
            [.. buckets.Select(b => b is null ? (double?)null : Percentiles.Of(b, 50))],
            [.. buckets.Select(b => b is null ? (double?)null : Percentiles.Of(b, 99))]);
    }
}
