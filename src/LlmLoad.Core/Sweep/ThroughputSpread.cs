namespace LlmLoad.Core.Sweep;

/// <summary>
/// A throughput measured once per repeat of a level: the mean, population standard deviation,
/// minimum and maximum over <see cref="Count"/> repeats, in the throughput's unit (req/s or tok/s).
/// With one repeat the spread is zero.
/// </summary>
public sealed record ThroughputSpread(double Mean, double Std, double Min, double Max, int Count)
{
    /// <summary>The spread of the defined values; null when none is defined (every repeat had zero duration).</summary>
    public static ThroughputSpread? From(IEnumerable<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] defined = values.OfType<double>().Where(double.IsFinite).ToArray();
        if (defined.Length == 0)
        {
            return null;
        }
        double mean = defined.Average();
        // population std (divide by n), as LatencyStats; repeats are the whole population measured
        double std = Math.Sqrt(defined.Sum(v => (v - mean) * (v - mean)) / defined.Length);
        return new ThroughputSpread(mean, std, defined.Min(), defined.Max(), defined.Length);
    }
}
