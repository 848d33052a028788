namespace LlmLoad.Core.Metrics;

/// <summary>
/// Percentiles by linear interpolation between closest ranks, exactly as numpy's default
/// (<c>np.percentile(x, p, method='linear')</c>, R's type 7), so our numbers match vLLM's on the
/// same samples. For percent <c>p</c> over <c>n</c> sorted samples the virtual index is
/// <c>(n - 1) * p / 100</c>; the result interpolates between its floor and ceiling neighbours.
/// </summary>
public static class Percentiles
{
    /// <summary>
    /// The <paramref name="percent"/>-th percentile (0 to 100) of <paramref name="sorted"/>, which must
    /// be sorted ascending and non-empty. O(1): sort once, then ask for as many percentiles as needed.
    /// </summary>
    public static double FromSorted(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            throw new ArgumentException("a percentile needs at least one sample", nameof(sorted));
        }
        if (!(percent >= 0 && percent <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "percent must be within [0, 100]");
        }

        // numpy: virtual_index = (n - 1) * (q / 100); previous = floor; next = previous + 1 (clipped).
        double virtualIndex = (sorted.Count - 1) * (percent / 100.0);
        int previous = (int)Math.Floor(virtualIndex);
        int next = Math.Min(previous + 1, sorted.Count - 1);
        double gamma = virtualIndex - previous;
        return Lerp(sorted[previous], sorted[next], gamma);
    }

    /// <summary>The <paramref name="percent"/>-th percentile of unsorted samples (copies and sorts them).</summary>
    public static double Of(IEnumerable<double> samples, double percent)
    {
        ArgumentNullException.ThrowIfNull(samples);
        double[] sorted = samples.ToArray();
        Array.Sort(sorted);
        return FromSorted(sorted, percent);
    }

    // numpy's _lerp: a + (b - a) * t, but computed from b when t >= 0.5. The two forms round
    // differently; copying numpy keeps results equal to the last bit, and lerp(a, a, t) == a exactly.
    private static double Lerp(double a, double b, double t)
    {
        double difference = b - a;
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t;
    }
}
