namespace LlmLoad.Core.Sweep;

/// <summary>
/// Says a sweep's verdicts in a sentence or two, as the published study reads its figures:
/// "Request throughput plateaus at 130-136 req/s from c=800 to c=1400 (peak 136 req/s at c=1400);
/// requests start failing at c=1600 (success rate 97.1%)."
/// </summary>
internal static class SweepReading
{
    public static string Compose(
        SweepLevel[] levels, PeakVerdict? peak, BreakpointVerdict breakpoint, PlateauRange? plateau, SloCeilingVerdict? ceiling, SweepAnalysisOptions options)
    {
        if (levels.Length == 0)
        {
            return "No level was measured.";
        }
        string main = peak is null ? NoThroughput(levels, breakpoint)
            : levels.Length == 1 ? OneLevel(levels[0])
            : Throughput(peak, plateau) + Break(levels, breakpoint, plateau, options) + ".";
        return ceiling is null ? main : main + " " + Slo(ceiling);
    }

    private static string NoThroughput(SweepLevel[] levels, BreakpointVerdict breakpoint) =>
        breakpoint.Concurrency is { } at
            ? $"No level completed a request; requests fail from {SweepFormat.Level(at)} (success rate {SuccessText(levels, at)})."
            : "No level completed a request.";

    private static string OneLevel(SweepLevel level) =>
        $"Only one level was measured, so there is no ramp to read: {SweepFormat.RequestRate(SweepAnalyzer.RequestThroughput(level))} "
        + $"at {SweepFormat.Level(level.Concurrency)}"
        + (level.SuccessRate is { } rate ? $" with a success rate of {SweepFormat.Percent(rate)}." : ".");

    private static string Throughput(PeakVerdict peak, PlateauRange? plateau) =>
        plateau is { } p && p.FromConcurrency != p.ToConcurrency
            ? $"Request throughput plateaus at {SweepFormat.RequestRange(p.MinRequestThroughput, p.MaxRequestThroughput)} "
                + $"from {SweepFormat.Level(p.FromConcurrency)} to {SweepFormat.Level(p.ToConcurrency)} "
                + $"(peak {SweepFormat.RequestRate(peak.RequestThroughput)} at {SweepFormat.Level(peak.Concurrency)})"
            : $"Request throughput peaks at {SweepFormat.RequestRate(peak.RequestThroughput)} at {SweepFormat.Level(peak.Concurrency)}";

    private static string Break(SweepLevel[] levels, BreakpointVerdict breakpoint, PlateauRange? plateau, SweepAnalysisOptions options)
    {
        if (breakpoint.Concurrency is not { } at)
        {
            return $"; no breakpoint up to {SweepFormat.Level(levels[^1].Concurrency)}";
        }
        string before = plateau is null ? $", before throughput reached {SweepFormat.ThresholdPercent(options.KneeFraction)} of the peak" : "";
        return breakpoint.Cause == BreakpointCause.SuccessRate
            ? $"; requests start failing at {SweepFormat.Level(at)} (success rate {SuccessText(levels, at)}){before}"
            : $"; throughput falls more than {SweepFormat.ThresholdPercent(options.MaxDeclineFraction)} below the peak at {SweepFormat.Level(at)} "
                + $"({SweepFormat.RequestRate(SweepAnalyzer.RequestThroughput(levels.Single(l => l.Concurrency == at)))})";
    }

    private static string Slo(SloCeilingVerdict ceiling) => ceiling.Concurrency is { } at
        ? $"Max concurrency within SLO ({ceiling.Slo}): {SweepFormat.Level(at)}"
            + (ceiling.Goodput is { } goodput ? $", goodput {SweepFormat.RequestRate(goodput)}." : ".")
        : $"No level met the SLO ({ceiling.Slo}).";

    /// <summary>
    /// What a reader must know besides the verdicts, each as a sentence with a leading space (empty when there is
    /// nothing to say): the levels left out because they never had their concurrency in flight, and the window
    /// throughput was read over when any level has a steady window.
    /// </summary>
    public static string Caveats(SweepLevel[] levels)
    {
        string text = "";
        SweepLevel[] missed = [.. levels.Where(l => !l.Reached)];
        if (missed.Length > 0)
        {
            string[] words = missed.Length == 1 ? ["its", "is"] : ["their", "are"];
            text += $" {LevelList(missed)} never had {words[0]} concurrency in flight (at most {missed.Max(l => l.Summary.PeakConcurrency)} requests at once) "
                + $"and {words[1]} left out of the verdicts.";
        }
        SweepLevel[] reached = [.. levels.Where(l => l.Reached)];
        SweepLevel[] whole = [.. reached.Where(l => !l.UsesSteadyWindow)];
        if (whole.Length < reached.Length)
        {
            text += whole.Length == 0
                ? " Throughput is read over each level's steady window (all users busy, drain excluded)."
                : $" Throughput is read over each level's steady window (all users busy, drain excluded), over the whole run at {LevelList(whole)} (no steady window).";
        }
        return text;
    }

    private static string LevelList(SweepLevel[] levels) => levels.Length <= 3
        ? string.Join(", ", levels.Select(l => SweepFormat.Level(l.Concurrency)))
        : $"{SweepFormat.Level(levels[0].Concurrency)} to {SweepFormat.Level(levels[^1].Concurrency)} ({levels.Length} levels)";

    /// <summary>The goodput verdicts as a sentence to append to <see cref="Compose"/>'s; empty without per-request SLOs.</summary>
    public static string Goodput(GoodputPeakVerdict? peak, AttainmentCeilingVerdict? ceiling)
    {
        if (peak is null || ceiling is null)
        {
            return "";
        }
        string target = SweepFormat.ThresholdPercent(ceiling.Target);
        string at = ceiling.Concurrency is { } c
            ? $" Max concurrency at >= {target} SLO attainment ({ceiling.Slo}): {SweepFormat.Level(c)} ({SweepFormat.Percent(ceiling.SloAttainment!.Value)})"
            : $" No level reached {target} SLO attainment ({ceiling.Slo})";
        string best = peak.Concurrency is { } p
            ? $"; highest goodput {SweepFormat.RequestRate(peak.Goodput!.Value)} at {SweepFormat.Level(p)}."
            : "; no request met every SLO.";
        return at + best;
    }

    /// <summary>
    /// For a repeated sweep: how firm the knee and the breakpoint are, and the unstable levels, as sentences with a leading
    /// space; empty for a sweep measured once.
    /// </summary>
    public static string Repeats(KneeVerdict? knee, BreakpointVerdict breakpoint, IReadOnlyList<UnstableLevel> unstable)
    {
        string text = "";
        if (knee?.Confidence is { } kneeConfidence)
        {
            text += $" The knee at {SweepFormat.Level(knee.Concurrency)} is {kneeConfidence.Label}";
            text += breakpoint is { Concurrency: { } at, Confidence: { } breakConfidence }
                ? $", the breakpoint at {SweepFormat.Level(at)} {breakConfidence.Label} (95% intervals over repeats)."
                : " (95% intervals over repeats).";
        }
        foreach (UnstableLevel level in unstable)
        {
            text += " " + level.Finding;
        }
        return text;
    }

    private static string SuccessText(SweepLevel[] levels, int concurrency) =>
        levels.Single(l => l.Concurrency == concurrency).SuccessRate is { } rate ? SweepFormat.Percent(rate) : "n/a";
}
