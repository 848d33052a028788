namespace LlmLoad.Simulator.Virtual;

/// <summary>Statistics of one latency over the measured requests, in ms. Percentiles interpolate linearly (numpy's default).</summary>
public sealed record LatencySummary(int Count, double Mean, double P50, double P90, double P95, double P99, double Max)
{
    public static LatencySummary Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Summarises the samples; sorts the list in place.</summary>
    public static LatencySummary From(List<double> samples)
    {
        if (samples.Count == 0)
        {
            return Empty;
        }

        samples.Sort();
        var sum = 0.0;
        foreach (var sample in samples)
        {
            sum += sample;
        }

        return new LatencySummary(samples.Count, sum / samples.Count, Percentile(samples, 50), Percentile(samples, 90),
            Percentile(samples, 95), Percentile(samples, 99), samples[^1]);
    }

    /// <summary>Linear interpolation between closest ranks over sorted samples.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = percent / 100.0 * (sorted.Count - 1);
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
    }
}
