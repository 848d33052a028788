namespace LlmLoad.Core.Sweep;

/// <summary>
/// Finds the breakpoint: walks the levels upwards and stops at the first that fails a check.
/// Every level is checked for its success rate; levels after the peak are also checked for a
/// throughput decline. A level with nothing attempted passes the success check (no evidence of
/// failure), and an undefined throughput after the peak counts as 0.
/// </summary>
internal static class BreakpointFinder
{
    public static (int? Index, BreakpointVerdict Verdict) Find(SweepLevel[] levels, int? peakIndex, SweepAnalysisOptions options)
    {
        double? peak = peakIndex is { } p ? SweepAnalyzer.RequestThroughput(levels[p]) : null;
        double? floor = peak * (1 - options.MaxDeclineFraction);
        string minRate = SweepFormat.ThresholdPercent(options.MinSuccessRate);
        string decline = SweepFormat.ThresholdPercent(options.MaxDeclineFraction);
        string criterion = $"lowest level with success_rate < {Text(options.MinSuccessRate)}"
            + (floor is { } f ? $", or, after the peak at {SweepFormat.Level(levels[peakIndex!.Value].Load)}, request_throughput more than {decline} below it (< {Text(f)} req/s)" : "");

        var observations = new List<SweepObservation>();
        for (int i = 0; i < levels.Length; i++)
        {
            SweepLevel level = levels[i];
            bool successHolds = level.SuccessRate is not { } rate || rate >= options.MinSuccessRate;
            observations.Add(new SweepObservation(level.Load, "success_rate", level.SuccessRate, ">=", options.MinSuccessRate, successHolds));
            bool declineHolds = true;
            if (i > peakIndex && floor is { } threshold)
            {
                declineHolds = SweepAnalyzer.RequestThroughput(level) >= threshold;
                observations.Add(new SweepObservation(level.Load, level.RequestThroughputKey, level.RequestThroughput?.Mean, ">=", threshold, declineHolds));
            }
            if (!successHolds)
            {
                string finding = $"{SweepFormat.Level(level.Load)} is the lowest level with a success rate below {minRate}: {SweepFormat.Percent(level.SuccessRate!.Value)}.";
                return (i, new BreakpointVerdict(level.Load, BreakpointCause.SuccessRate, new SweepEvidence(criterion, observations, finding)));
            }
            if (!declineHolds)
            {
                string finding = $"{SweepFormat.Level(level.Load)} is the lowest level after the peak whose request throughput fell more than {decline} below it: "
                    + $"{SweepFormat.RequestRate(SweepAnalyzer.RequestThroughput(level))} < {SweepFormat.RequestRate(floor!.Value)} "
                    + $"({SweepFormat.ThresholdPercent(1 - options.MaxDeclineFraction)} of {SweepFormat.RequestRate(peak!.Value)} at {SweepFormat.Level(levels[peakIndex!.Value].Load)}).";
                return (i, new BreakpointVerdict(level.Load, BreakpointCause.ThroughputDecline, new SweepEvidence(criterion, observations, finding)));
            }
        }
        string none = levels.Length == 0
            ? "no level was measured."
            : $"no level had a success rate below {minRate}"
                + (floor is null ? "" : $" or, after the peak, request throughput more than {decline} below it")
                + $" ({Range(levels)} checked).";
        return (null, new BreakpointVerdict(null, null, new SweepEvidence(criterion, observations, char.ToUpperInvariant(none[0]) + none[1..])));
    }

    private static string Range(SweepLevel[] levels) => levels.Length == 1
        ? SweepFormat.Level(levels[0].Load)
        : $"{SweepFormat.Level(levels[0].Load)} to {SweepFormat.Level(levels[^1].Load)}";

    private static string Text(double value) => Math.Round(value, 6).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
}
