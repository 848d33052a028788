namespace LlmLoad.Core.Metrics;

/// <summary>
/// Summary statistics of one latency metric, in milliseconds: mean, population standard deviation
/// (numpy's <c>np.std</c>, ddof 0), min, max and percentiles by numpy's linear interpolation
/// (<see cref="Percentiles"/>). With no samples <see cref="Count"/> is 0 and every value is
/// <c>null</c> ("no data"), never 0: vLLM prints 0 for an empty list, which reads like a fast server.
/// </summary>
public sealed record LatencyStats
{
    /// <summary>Statistics of no samples: count 0, every value null.</summary>
    public static LatencyStats Empty { get; } = new();

    /// <summary>Number of samples.</summary>
    public int Count { get; init; }

    public double? Mean { get; init; }

    /// <summary>Population standard deviation (divides by n, as numpy and vLLM do).</summary>
    public double? Std { get; init; }

    public double? Min { get; init; }

    /// <summary>Median (the 50th percentile, as <c>np.median</c>).</summary>
    public double? P50 { get; init; }

    public double? P90 { get; init; }

    public double? P95 { get; init; }

    public double? P99 { get; init; }

    /// <summary>The 99.9th percentile.</summary>
    public double? P99_9 { get; init; }

    public double? Max { get; init; }

    /// <summary>
    /// Computes the statistics of <paramref name="samples"/>. Sorts one copy once, so the cost is
    /// O(n log n) however many percentiles are read.
    /// </summary>
    public static LatencyStats From(IEnumerable<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        double[] sorted = samples.ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }
        foreach (double sample in sorted)
        {
            if (!double.IsFinite(sample))
            {
                throw new ArgumentException($"latency samples must be finite numbers, got {sample}", nameof(samples));
            }
        }
        Array.Sort(sorted);

        double min = sorted[0];
        double max = sorted[^1];
        double mean = MeanOf(sorted, min, max);
        return new LatencyStats
        {
            Count = sorted.Length,
            Mean = mean,
            Std = min == max ? 0 : PopulationStd(sorted, mean),
            Min = min,
            P50 = Percentiles.FromSorted(sorted, 50),
            P90 = Percentiles.FromSorted(sorted, 90),
            P95 = Percentiles.FromSorted(sorted, 95),
            P99 = Percentiles.FromSorted(sorted, 99),
            P99_9 = Percentiles.FromSorted(sorted, 99.9),
            Max = max,
        };
    }

    private static double MeanOf(double[] values, double min, double max)
    {
        double sum = 0;
        foreach (double value in values)
        {
            sum += value;
        }
        double mean = sum / values.Length;
        if (double.IsInfinity(mean))
        {
            // the sum overflowed (values near double.MaxValue); dividing first cannot overflow
            mean = 0;
            foreach (double value in values)
            {
                mean += value / values.Length;
            }
        }
        // rounding in the sum can push the mean a hair outside [min, max], e.g. three 0.1s give
        // 0.10000000000000002; the true mean never leaves that range
        return Math.Clamp(mean, min, max);
    }

    private static double PopulationStd(double[] values, double mean)
    {
        // two passes (mean first) instead of sum-of-squares, which cancels catastrophically for
        // large values with a small spread
        double sumOfSquares = 0;
        foreach (double value in values)
        {
            double deviation = value - mean;
            sumOfSquares += deviation * deviation;
        }
        return Math.Sqrt(sumOfSquares / values.Length);
    }
}
