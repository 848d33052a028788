namespace LlmLoad.Core.Sweep;

/// <summary>
/// Bisects for the highest offered rate whose SLO attainment holds (<c>--find-max-rate</c>); pure: the probes so far in,
/// the next rate to probe or the answer out. Steps:
/// <list type="number">
/// <item>probe the bottom of the range; if it fails, there is no answer in the range;</item>
/// <item>probe the top; if it holds, the answer is the top (the endpoint may take more: widen the range);</item>
/// <item>otherwise bracket: the highest rate that held, and the lowest rate above it that failed; probe their midpoint
/// until they are at most <see cref="RatePrecision.Width"/> apart. The answer is the highest rate that held, so the
/// truth lies between it and the failed rate above it, within the precision.</item>
/// </list>
/// A noisy probe that fails below one that held does not move the bracket down: the bracket is always above the
/// highest rate that held.
/// </summary>
public static class RateSearch
{
    /// <summary>The next rate to probe, or null when the search is over.</summary>
    public static double? Next(double low, double high, RatePrecision precision, IReadOnlyList<RateProbe> probes)
    {
        ArgumentNullException.ThrowIfNull(precision);
        ArgumentNullException.ThrowIfNull(probes);
        if (!(low > 0 && high >= low))
        {
            throw new ArgumentOutOfRangeException(nameof(low), $"a search range needs 0 < low <= high, got {low}..{high}");
        }
        if (probes.Count == 0)
        {
            return low;
        }
        if (Find(probes, low) is { Holds: false })
        {
            return null;
        }
        if (Find(probes, high) is not { } top)
        {
            return high;
        }
        if (top.Holds)
        {
            return null;
        }
        (double held, double failed) = Bracket(probes)!.Value;
        return failed - held <= precision.Width(held) ? null : (held + failed) / 2;
    }

    /// <summary>The highest rate that held with the lowest rate above it that failed; null before one of each.</summary>
    public static (double Held, double Failed)? Bracket(IReadOnlyList<RateProbe> probes)
    {
        ArgumentNullException.ThrowIfNull(probes);
        if (probes.Where(p => p.Holds).Select(p => (double?)p.Rate).Max() is not { } held)
        {
            return null;
        }
        return probes.Where(p => !p.Holds && p.Rate > held).Select(p => (double?)p.Rate).Min() is { } failed ? (held, failed) : null;
    }

    /// <summary>The highest rate that held; null when none did.</summary>
    public static double? Answer(IReadOnlyList<RateProbe> probes) =>
        probes.Where(p => p.Holds).Select(p => (double?)p.Rate).Max();

    // rates are compared as probed: the search probes exactly the numbers it returned
    private static RateProbe? Find(IReadOnlyList<RateProbe> probes, double rate) => probes.LastOrDefault(p => p.Rate == rate);
}
