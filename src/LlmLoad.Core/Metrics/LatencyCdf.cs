namespace LlmLoad.Core.Metrics;

/// <summary>
/// The empirical distribution of one latency metric as points (value in ms, share of samples at or below it, 0 to 1),
/// for a CDF chart. Up to <c>maxPoints</c> samples every sample is a point; above that the points are the percentiles
/// at an even grid from 0 to 100 (numpy's linear method, as every other percentile here), so a run of a million
/// requests draws the same curve in a few hundred points. Pure.
/// </summary>
public static class LatencyCdf
{
    /// <summary>Enough points that a step between grid percentiles (0.5%) is below a pixel on a 900 px chart.</summary>
    public const int DefaultMaxPoints = 201;

    /// <summary>The CDF points of <paramref name="samplesMs"/> in ascending value; empty without samples.</summary>
    public static IReadOnlyList<(double ValueMs, double Fraction)> Of(IEnumerable<double> samplesMs, int maxPoints = DefaultMaxPoints)
    {
        ArgumentNullException.ThrowIfNull(samplesMs);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        double[] sorted = [.. samplesMs.Where(double.IsFinite)];
        Array.Sort(sorted);
        if (sorted.Length <= maxPoints)
        {
            // the i-th smallest of n samples has (i + 1) / n of the samples at or below it
            return [.. sorted.Select((value, i) => (value, (i + 1) / (double)sorted.Length))];
        }
        return [.. Enumerable.Range(0, maxPoints).Select(k =>
        {
            double fraction = k / (double)(maxPoints - 1);
            return (Percentiles.FromSorted(sorted, fraction * 100), fraction);
        })];
    }
}
