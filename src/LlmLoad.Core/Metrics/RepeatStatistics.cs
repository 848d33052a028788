using MathNet.Numerics.Distributions;

namespace LlmLoad.Core.Metrics;

/// <summary>
/// One metric measured once per repeat of a run (or of a sweep level): the mean, the sample standard deviation
/// (divided by n - 1), the minimum and maximum over <see cref="Count"/> repeats, and the 95% confidence interval of
/// the mean from Student's t distribution, in the metric's own unit. With one repeat the std is 0 and there is no
/// interval (<see cref="HalfWidth95"/> is null): one run says nothing about how much the next would differ.
/// </summary>
public sealed record RepeatStatistics(double Mean, double Std, double Min, double Max, int Count)
{
    /// <summary>Coverage of the interval: 95%.</summary>
    public const double ConfidenceLevel = 0.95;

    /// <summary>
    /// Half the width of the 95% interval, t(0.975, n - 1) × std / √n; null with fewer than two repeats. The t quantile
    /// comes from MathNet.Numerics rather than a table, so any repeat count gets its exact value (12.71 for 2 repeats,
    /// 4.30 for 3, 2.26 for 10).
    /// </summary>
    public double? HalfWidth95 => Count < 2 ? null : TQuantile(Count - 1) * Std / Math.Sqrt(Count);

    /// <summary>Lower end of the 95% interval; null with fewer than two repeats.</summary>
    public double? Low95 => Mean - HalfWidth95;

    /// <summary>Upper end of the 95% interval; null with fewer than two repeats.</summary>
    public double? High95 => Mean + HalfWidth95;

    /// <summary>The lower end of the interval, or the mean itself with one repeat (a point).</summary>
    public double LowOrMean => Low95 ?? Mean;

    /// <summary>The upper end of the interval, or the mean itself with one repeat (a point).</summary>
    public double HighOrMean => High95 ?? Mean;

    /// <summary>True when the two intervals (a single repeat counts as a point) share at least one value.</summary>
    public bool Overlaps(RepeatStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return LowOrMean <= other.HighOrMean && other.LowOrMean <= HighOrMean;
    }

    /// <summary>The statistics of the defined, finite values; null when none is (every repeat left the metric undefined).</summary>
    public static RepeatStatistics? From(IEnumerable<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] defined = values.OfType<double>().Where(double.IsFinite).ToArray();
        if (defined.Length == 0)
        {
            return null;
        }
        double mean = defined.Average();
        // sample std (n - 1): the repeats are a sample of the runs the endpoint could give, and the t interval needs it
        double std = defined.Length < 2 ? 0 : Math.Sqrt(defined.Sum(v => (v - mean) * (v - mean)) / (defined.Length - 1));
        return new RepeatStatistics(mean, std, defined.Min(), defined.Max(), defined.Length);
    }

    /// <summary>The statistics of one metric over runs (null when no run defines it).</summary>
    public static RepeatStatistics? Of(IEnumerable<RunSummary> runs, MetricDefinition metric)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(metric);
        return From(runs.Select(metric.ValueOf));
    }

    private static double TQuantile(int degreesOfFreedom) => StudentT.InvCDF(0, 1, degreesOfFreedom, 1 - (1 - ConfidenceLevel) / 2);
}
