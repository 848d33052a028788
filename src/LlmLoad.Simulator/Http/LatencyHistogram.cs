namespace LlmLoad.Simulator.Http;

/// <summary>
/// A thread-safe Prometheus histogram of durations in seconds with fixed upper bounds. <paramref name="observed"/>,
/// when given, also receives every value it counts (the exact values behind the buckets, for tests).
/// </summary>
internal sealed class LatencyHistogram(double[] upperBoundsSeconds, Action<double>? observed = null)
{
    private readonly long[] _counts = new long[upperBoundsSeconds.Length + 1]; // last slot: above every bound
    private long _sumMicroseconds;

    public IReadOnlyList<double> UpperBoundsSeconds { get; } = upperBoundsSeconds;

    public void Observe(double seconds)
    {
        var slot = Array.BinarySearch(upperBoundsSeconds, seconds);
        slot = slot >= 0 ? slot : ~slot; // le semantics: a value equal to a bound falls in that bucket
        Interlocked.Increment(ref _counts[slot]);
        Interlocked.Add(ref _sumMicroseconds, (long)Math.Round(seconds * 1e6));
        observed?.Invoke(seconds);
    }

    /// <summary>Cumulative counts per bound, then the total (the +Inf bucket), and the sum in seconds.</summary>
    public (long[] Cumulative, double SumSeconds) Snapshot()
    {
        var cumulative = new long[_counts.Length];
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += Volatile.Read(ref _counts[i]);
            cumulative[i] = running;
        }

        return (cumulative, Volatile.Read(ref _sumMicroseconds) / 1e6);
    }
}
