using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Metrics;

/// <summary>
/// How closely an open loop kept its arrival schedule over the measured requests: the send rate it
/// achieved against the rate its schedule asked for, and how late sends were.
/// </summary>
/// <param name="ScheduledPerSecond">Requests per second by <c>scheduled_at</c> (the seeded draws, not the nominal --rate).</param>
/// <param name="AchievedPerSecond">Requests per second by <c>sent_at</c>.</param>
/// <param name="LagP99Ms">99th percentile of <c>sent_at − scheduled_at</c> over the successful measured requests: the
/// population of <c>p99_client_queue_time_ms</c>, so the warning and the summary never quote two different p99s.</param>
/// <param name="CapReached">
/// The in-flight cap (<c>--concurrency</c>) when the run had that many requests in flight at once, so sends may have
/// waited for a free slot: then a lag is the endpoint's slowness under the user's cap, not the client's; null otherwise.
/// </param>
public sealed record OpenLoopPace(double ScheduledPerSecond, double AchievedPerSecond, double LagP99Ms, int? CapReached = null)
{
    /// <summary>Below this share of the scheduled rate the run did not offer the load it was asked for.</summary>
    public const double KeptRateFraction = 0.99;

    public bool KeptRate => AchievedPerSecond >= KeptRateFraction * ScheduledPerSecond;

    /// <summary>The pace of the measured records; null when fewer than two were sent or they share one instant.</summary>
    /// <param name="records">The run's records, warm-up included (they are left out here).</param>
    /// <param name="capReached">See <see cref="CapReached"/>.</param>
    public static OpenLoopPace? From(IReadOnlyList<RequestRecord> records, int? capReached = null)
    {
        var measured = records.Where(record => !record.Warmup).ToList();
        if (measured.Count < 2)
        {
            return null;
        }
        var scheduledSpanMs = measured.Max(record => record.ScheduledAtMs) - measured.Min(record => record.ScheduledAtMs);
        var sentSpanMs = measured.Max(record => record.SentAtMs) - measured.Min(record => record.SentAtMs);
        if (scheduledSpanMs <= 0 || sentSpanMs <= 0)
        {
            return null;
        }
        // n requests span n - 1 gaps
        var gaps = measured.Count - 1;
        return new OpenLoopPace(gaps * 1000 / scheduledSpanMs, gaps * 1000 / sentSpanMs,
            LatencyStats.From(measured.Where(record => record.IsSuccess).Select(RequestLatency.QueueTimeMs)).P99 ?? 0, capReached);
    }
}
