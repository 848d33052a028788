namespace LlmLoad.Core.Metrics;

/// <summary>
/// A run in 1 s buckets counted from the first measured <c>sent_at</c>; bucket <c>k</c> covers
/// [start + k s, start + (k + 1) s). The last bucket ends at the last <c>done_at</c>, so it may be
/// shorter than a second; its counts are not scaled up, so it can under-state a rate but never
/// inflate a peak. All lists have <see cref="BucketCount"/> entries. Built by <see cref="TimeSeriesBuilder"/>.
/// </summary>
public sealed record TimeSeries
{
    /// <summary>Width of every full bucket.</summary>
    public const double BucketSeconds = 1;

    /// <summary>A series of no requests.</summary>
    public static TimeSeries Empty { get; } = new();

    /// <summary>The first measured <c>sent_at</c> (ms on the run's monotonic clock).</summary>
    public double StartMs { get; init; }

    public int BucketCount => InFlightMean.Count;

    /// <summary>Time-weighted mean of requests in flight (sent, not yet done; every outcome) per bucket.</summary>
    public IReadOnlyList<double> InFlightMean { get; init; } = [];

    /// <summary>Most requests in flight at any instant of the bucket.</summary>
    public IReadOnlyList<int> InFlightMax { get; init; } = [];

    /// <summary>Successful requests whose <c>done_at</c> fell in the bucket (per second).</summary>
    public IReadOnlyList<int> Completions { get; init; } = [];

    /// <summary>Output tokens of successful requests that arrived in the bucket (tok/s).</summary>
    public IReadOnlyList<double> OutputTokens { get; init; } = [];

    /// <summary>Failed requests (cancelled excluded) whose failure was seen in the bucket (per second).</summary>
    public IReadOnlyList<int> Errors { get; init; } = [];

    /// <summary>
    /// Offered load: requests whose <c>scheduled_at</c> fell in the bucket (per second), whatever became of them. For a
    /// trace replay or an open loop this is the arrival schedule (compare it with <see cref="Completions"/>); for a
    /// closed loop it is the users' sends. A request due before the first send counts in the first bucket.
    /// </summary>
    public IReadOnlyList<int> Offered { get; init; } = [];

    /// <summary>
    /// A users ramp's offered load per bucket: the users active at the bucket's middle. Empty for any other run (a rate
    /// ramp's offered load is <see cref="Offered"/>).
    /// </summary>
    public IReadOnlyList<int> Users { get; init; } = [];

    /// <summary>The most requests in flight at any instant of the run (exact, half-open intervals).</summary>
    public int PeakInFlight { get; init; }

    /// <summary>The largest bucket of <see cref="OutputTokens"/>, in tok/s.</summary>
    public double PeakOutputTokensPerSecond { get; init; }
}
