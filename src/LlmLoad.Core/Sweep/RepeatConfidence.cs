using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Sweep;

/// <summary>
/// Reads a repeated sweep's verdicts against the 95% confidence intervals of its levels (pure; metrics.md,
/// "Repeats and confidence intervals"):
/// <list type="bullet">
/// <item>plateau: the levels on both sides of the peak, up to the breakpoint, whose request-throughput intervals
/// overlap the peak's; since the peak has the highest mean, a level overlaps when its upper end reaches the peak's lower end;</item>
/// <item>knee: certain when its interval lies wholly at or above the threshold and the level below's wholly under it;</item>
/// <item>breakpoint: certain when the failing metric's interval at the level lies wholly past the threshold, the level
/// before it wholly on the good side, and the level is not unstable.</item>
/// </list>
/// A level measured once has no interval, so a verdict resting on it is within noise. A sweep whose every level ran
/// once gets none of this (<see cref="IsRepeated"/>): the single-run verdicts stand.
/// </summary>
internal static class RepeatConfidence
{
    /// <summary>True when any level of the sweep was measured at least twice.</summary>
    public static bool IsRepeated(IEnumerable<SweepLevel> levels) => levels.Any(l => l.Repeats.Count >= 2);

    public static PlateauRange? Plateau(SweepLevel[] levels, int peakIndex, int? breakIndex)
    {
        int end = breakIndex ?? levels.Length;
        if (peakIndex >= end)
        {
            return null; // the endpoint broke at or before its highest throughput
        }
        RepeatStatistics peak = levels[peakIndex].RequestThroughput!;
        int from = peakIndex, to = peakIndex;
        while (from > 0 && Overlaps(levels[from - 1], peak))
        {
            from--;
        }
        while (to + 1 < end && Overlaps(levels[to + 1], peak))
        {
            to++;
        }
        int firstShown = Math.Max(0, from - 1), lastShown = Math.Min(end - 1, to + 1);
        SweepObservation[] observations = [.. levels[firstShown..(lastShown + 1)].Select(l =>
            new SweepObservation(l.Concurrency, l.RequestThroughputKey + "_ci95_high", l.RequestThroughput?.HighOrMean, ">=", peak.LowOrMean, Overlaps(l, peak)))];
        double[] means = [.. levels[from..(to + 1)].Select(SweepAnalyzer.RequestThroughput)];
        string finding = $"{SweepFormat.Level(levels[from].Concurrency)} to {SweepFormat.Level(levels[to].Concurrency)} have request-throughput intervals "
            + $"overlapping the peak's, {Interval(peak)} at {SweepFormat.Level(levels[peakIndex].Concurrency)}.";
        var evidence = new SweepEvidence(
            "levels next to the peak, up to the breakpoint, whose 95% interval of request_throughput overlaps the peak's (upper end >= the peak's lower end)",
            observations, finding);
        return new PlateauRange(levels[from].Concurrency, levels[to].Concurrency, means.Min(), means.Max()) { Evidence = evidence };
    }

    public static VerdictConfidence Knee(SweepLevel[] levels, int kneeIndex, double threshold)
    {
        SweepLevel knee = levels[kneeIndex];
        bool atHolds = Wholly(knee.RequestThroughput, at => at.LowOrMean >= threshold);
        string text = $"{SweepFormat.Level(knee.Concurrency)} {Interval(knee.RequestThroughput)} "
            + Side(knee.RequestThroughput, atHolds, "lies wholly at or above", "reaches below") + $" the threshold {SweepFormat.RequestRate(threshold)}";
        if (kneeIndex == 0)
        {
            return new VerdictConfidence(atHolds, text + "; it is the lowest level measured.");
        }
        SweepLevel below = levels[kneeIndex - 1];
        bool belowHolds = Wholly(below.RequestThroughput, b => b.HighOrMean < threshold);
        text += $"; {SweepFormat.Level(below.Concurrency)} {Interval(below.RequestThroughput)} " + Side(below.RequestThroughput, belowHolds, "lies wholly below", "reaches") + " it.";
        return new VerdictConfidence(atHolds && belowHolds, text);
    }

    public static VerdictConfidence? Breakpoint(
        SweepLevel[] levels, int breakIndex, BreakpointCause cause, int? peakIndex, SweepAnalysisOptions options, IReadOnlyList<UnstableLevel> unstable)
    {
        SweepLevel at = levels[breakIndex];
        SweepLevel? before = breakIndex > 0 ? levels[breakIndex - 1] : null;
        string text;
        bool certain;
        if (cause == BreakpointCause.SuccessRate)
        {
            RepeatStatistics? rate = SuccessRate(at);
            certain = Wholly(rate, r => r.HighOrMean < options.MinSuccessRate);
            text = $"{SweepFormat.Level(at.Concurrency)} success rate {PercentInterval(rate)} "
                + Side(rate, certain, "lies wholly below", "reaches") + $" the minimum {SweepFormat.ThresholdPercent(options.MinSuccessRate)}";
            if (before is not null)
            {
                RepeatStatistics? previous = SuccessRate(before);
                bool beforeHolds = Wholly(previous, p => p.LowOrMean >= options.MinSuccessRate);
                certain &= beforeHolds;
                text += $"; {SweepFormat.Level(before.Concurrency)} {PercentInterval(previous)} " + Side(previous, beforeHolds, "lies wholly at or above", "reaches below") + " it";
            }
        }
        else
        {
            double floor = SweepAnalyzer.RequestThroughput(levels[peakIndex!.Value]) * (1 - options.MaxDeclineFraction);
            certain = Wholly(at.RequestThroughput, t => t.HighOrMean < floor);
            text = $"{SweepFormat.Level(at.Concurrency)} {Interval(at.RequestThroughput)} "
                + Side(at.RequestThroughput, certain, "lies wholly below", "reaches") + $" the decline threshold {SweepFormat.RequestRate(floor)}";
            if (before is not null && breakIndex - 1 > peakIndex)
            {
                bool beforeHolds = Wholly(before.RequestThroughput, p => p.LowOrMean >= floor);
                certain &= beforeHolds;
                text += $"; {SweepFormat.Level(before.Concurrency)} {Interval(before.RequestThroughput)} " + Side(before.RequestThroughput, beforeHolds, "lies wholly at or above", "reaches below") + " it";
            }
        }
        if (unstable.FirstOrDefault(u => u.Concurrency == at.Concurrency) is { } shaky)
        {
            certain = false;
            text += $"; and only some of its repeats failed (repeat {shaky.Repeat}: {SweepFormat.Percent(shaky.RepeatSuccessRate)}, best other: {SweepFormat.Percent(shaky.OthersSuccessRate)})";
        }
        return new VerdictConfidence(certain, text + ".");
    }

    /// <summary>"40.1-44.3 req/s (95% CI, 3 repeats)", or the single value when a level ran once.</summary>
    public static string Interval(RepeatStatistics? statistics) => statistics switch
    {
        null => "(no throughput)",
        { HalfWidth95: null } => $"{SweepFormat.RequestRate(statistics.Mean)} (one repeat, no interval)",
        _ => $"{SweepFormat.RequestRange(statistics.LowOrMean, statistics.HighOrMean)} (95% CI, {statistics.Count} repeats)",
    };

    private static string PercentInterval(RepeatStatistics? statistics) => statistics switch
    {
        null => "(nothing attempted)",
        { HalfWidth95: null } => $"{SweepFormat.Percent(statistics.Mean)} (one repeat, no interval)",
        _ => $"{SweepFormat.Percent(Math.Max(0, statistics.LowOrMean))}-{SweepFormat.Percent(Math.Min(1, statistics.HighOrMean))} (95% CI, {statistics.Count} repeats)",
    };

    /// <summary>
    /// True when the interval lies wholly on the side <paramref name="onSide"/> checks. A level measured once has no
    /// interval and so is never certain; an undefined metric (nothing completed or attempted) gives no evidence against.
    /// </summary>
    private static bool Wholly(RepeatStatistics? statistics, Func<RepeatStatistics, bool> onSide) =>
        statistics is null || (statistics.HalfWidth95 is not null && onSide(statistics));

    /// <summary>Which side of the threshold an interval lies on, in words; a level measured once has no interval to place.</summary>
    private static string Side(RepeatStatistics? statistics, bool holds, string holdsText, string failsText) =>
        statistics is { HalfWidth95: null } ? "cannot be placed against" : holds ? holdsText : failsText;

    private static RepeatStatistics? SuccessRate(SweepLevel level) => level.Aggregate["success_rate"];

    private static bool Overlaps(SweepLevel level, RepeatStatistics peak) => level.RequestThroughput is { } statistics && statistics.Overlaps(peak);
}
