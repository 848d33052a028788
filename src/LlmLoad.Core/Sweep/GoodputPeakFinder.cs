namespace LlmLoad.Core.Sweep;

/// <summary>
/// Finds the level of highest request goodput, as the peak is found for request throughput: the
/// highest mean over repeats, the lowest level on a tie. Goodput, not throughput, is what a level
/// delivers within the per-request SLOs, so this level can sit below the throughput peak.
/// </summary>
internal static class GoodputPeakFinder
{
    private const string GoodputKey = "request_goodput";

    /// <summary>The verdict; null when no level was measured against per-request SLOs.</summary>
    public static GoodputPeakVerdict? Find(SweepLevel[] levels)
    {
        if (SloText(levels) is not { } slo)
        {
            return null;
        }
        SweepLevel? best = null;
        foreach (SweepLevel level in levels)
        {
            if (Goodput(level) > (best is null ? 0 : Goodput(best)))
            {
                best = level;
            }
        }
        double? peak = best is null ? null : Goodput(best);
        SweepObservation[] observations =
        [
            .. levels.Select(l => new SweepObservation(l.Load, GoodputKey, l.Goodput?.Mean, "<=", peak, peak is null || Goodput(l) <= peak)),
        ];
        string finding = best is null
            ? $"No level had a request meeting every SLO ({slo})."
            : $"{SweepFormat.Level(best.Load)} has the highest goodput, {SweepFormat.RequestRate(peak!.Value)}"
                + (best.SloAttainment is { } attainment ? $" ({SweepFormat.Percent(attainment)} of requests meet every SLO)" : "")
                + (best.RequestThroughput is { } throughput ? $", of {SweepFormat.RequestRate(throughput.Mean)} completed." : ".");
        var evidence = new SweepEvidence($"highest request_goodput (mean over repeats; over the steady window where a level has one: steady_request_throughput x good / completed) against {slo}; the lowest level wins a tie", observations, finding);
        return new GoodputPeakVerdict(best?.Load, peak, best?.SloAttainment, slo, evidence);
    }

    /// <summary>The per-request SLO text of the sweep (its first level measured against one); null when there is none.</summary>
    internal static string? SloText(SweepLevel[] levels) =>
        levels.Select(l => l.Summary.Slo).FirstOrDefault(s => s is not null)?.ToString();

    private static double Goodput(SweepLevel level) => level.Goodput?.Mean ?? 0;
}
