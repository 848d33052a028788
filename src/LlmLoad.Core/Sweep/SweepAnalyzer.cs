namespace LlmLoad.Core.Sweep;

/// <summary>
/// Reads a sweep as metrics.md defines it (pure: levels in, verdicts with evidence out). Steps:
/// <list type="number">
/// <item>sort the levels by concurrency, and leave out the levels never reached (<see cref="SweepLevel.Reached"/>);</item>
/// <item>peak: the highest mean request throughput (lowest level on a tie); none when no level completed a request;</item>
/// <item>knee: the lowest level reaching <see cref="SweepAnalysisOptions.KneeFraction"/> of the peak;</item>
/// <item>breakpoint: the lowest level with a success rate below <see cref="SweepAnalysisOptions.MinSuccessRate"/>,
/// or, after the peak, a request throughput more than <see cref="SweepAnalysisOptions.MaxDeclineFraction"/> below it;</item>
/// <item>plateau: the request-throughput range from the knee to the level before the breakpoint;</item>
/// <item>when levels were repeated: the plateau becomes the levels whose throughput intervals overlap the peak's, the knee and
/// breakpoint say whether they are certain or within noise, and levels where one repeat failed badly are named unstable
/// (<see cref="RepeatConfidence"/>, <see cref="UnstableLevelFinder"/>);</item>
/// <item>max concurrency within SLO, when SLOs are given;</item>
/// <item>with per-request SLOs (goodput): the level of highest goodput and the max concurrency at the attainment target;</item>
/// <item>the causes of the plateau and the breakpoint from the server's metrics, when any were scraped (<see cref="SweepExplainer"/>);</item>
/// <item>the reading: all of it in a sentence or two, with the levels left out and the throughput window used.</item>
/// </list>
/// Throughput is each level's steady-window figure where it has one (<see cref="SweepLevel.UsesSteadyWindow"/>),
/// so the number of requests per level does not bend the curve; the evidence names the key it read.
/// </summary>
public static class SweepAnalyzer
{
    public static SweepAnalysis Analyze(IReadOnlyList<SweepLevel> levels, SweepAnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(levels);
        options ??= SweepAnalysisOptions.Default;
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid sweep analysis options: " + string.Join(" ", problems), nameof(options));
        }
        SweepLevel[] sorted = [.. levels.OrderBy(l => l.Concurrency)];
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Concurrency == sorted[i - 1].Concurrency)
            {
                throw new ArgumentException($"the sweep has two levels at concurrency {sorted[i].Concurrency}; repeats belong in one SweepLevel", nameof(levels));
            }
        }

        SweepLevel[] all = sorted;
        sorted = [.. all.Where(l => l.Reached)];

        int? peakIndex = PeakIndex(sorted);
        PeakVerdict? peak = peakIndex is { } p ? Peak(sorted, p) : null;
        int? kneeIndex = peak is null ? null : KneeIndex(sorted, peak.RequestThroughput * options.KneeFraction);
        KneeVerdict? knee = kneeIndex is { } k ? Knee(sorted, k, peak!, options) : null;
        (int? breakIndex, BreakpointVerdict breakpoint) = BreakpointFinder.Find(sorted, peakIndex, options);
        PlateauRange? plateau = kneeIndex is { } from ? Plateau(sorted, from, breakIndex) : null;
        IReadOnlyList<UnstableLevel> unstable = [];
        if (RepeatConfidence.IsRepeated(sorted))
        {
            unstable = UnstableLevelFinder.Find(sorted, options);
            plateau = peakIndex is { } top ? RepeatConfidence.Plateau(sorted, top, breakIndex) : null;
            knee = knee is null ? null : knee with { Confidence = RepeatConfidence.Knee(sorted, kneeIndex!.Value, knee.Threshold) };
            breakpoint = breakIndex is { } b
                ? breakpoint with { Confidence = RepeatConfidence.Breakpoint(sorted, b, breakpoint.Cause!.Value, peakIndex, options, unstable) }
                : breakpoint;
        }
        SloCeilingVerdict? ceiling = options.Slo is { } slo ? SloCeilingFinder.Find(sorted, slo, options) : null;
        GoodputPeakVerdict? goodputPeak = GoodputPeakFinder.Find(sorted);
        AttainmentCeilingVerdict? attainment = AttainmentCeilingFinder.Find(sorted, options);
        string reading = SweepReading.Compose(sorted, peak, breakpoint, plateau, ceiling, options)
            + SweepReading.Goodput(goodputPeak, attainment) + SweepReading.Repeats(knee, breakpoint, unstable) + SweepReading.Caveats(all);
        // a sweep that scraped nothing (--server-metrics off, a virtual-time prediction) gets no causes; its
        // readers say "no server metrics" themselves
        bool scraped = sorted.Any(l => l.Server.Count > 0);
        SweepExplanation? plateauCause = plateau is null || !scraped ? null : SweepExplainer.ExplainPlateau(sorted, plateau);
        SweepExplanation? breakpointCause = breakpoint.Concurrency is { } broke && scraped ? SweepExplainer.ExplainBreakpoint(sorted, broke) : null;
        reading = SweepExplainer.AddToReading(reading, plateauCause, breakpointCause);
        return new SweepAnalysis(options, peak, knee, breakpoint, plateau, ceiling, reading)
        {
            PlateauExplanation = plateauCause,
            BreakpointExplanation = breakpointCause,
            GoodputPeak = goodputPeak,
            MaxConcurrencyAtAttainment = attainment,
            UnstableLevels = unstable,
        };
    }

    /// <summary>The throughput the analysis ranks a level by: the mean over repeats, 0 when undefined.</summary>
    internal static double RequestThroughput(SweepLevel level) => level.RequestThroughput?.Mean ?? 0;

    private static int? PeakIndex(SweepLevel[] levels)
    {
        int? best = null;
        for (int i = 0; i < levels.Length; i++)
        {
            if (RequestThroughput(levels[i]) > (best is { } b ? RequestThroughput(levels[b]) : 0))
            {
                best = i;
            }
        }
        return best;
    }

    private static PeakVerdict Peak(SweepLevel[] levels, int index)
    {
        SweepLevel level = levels[index];
        double peak = RequestThroughput(level);
        SweepLevel outputPeak = levels.MaxBy(l => l.OutputThroughput?.Mean ?? 0)!;
        double peakOutput = outputPeak.OutputThroughput?.Mean ?? 0;
        SweepObservation[] observations = levels
            .Select(l => new SweepObservation(l.Concurrency, l.RequestThroughputKey, l.RequestThroughput?.Mean, "<=", peak, true))
            .ToArray();
        string output = level.OutputThroughput is { } o ? $" (output {SweepFormat.TokenRate(o.Mean)})" : "";
        string finding = $"{SweepFormat.Level(level.Concurrency)} has the highest request throughput, {SweepFormat.RequestRate(peak)}{output}; "
            + $"output throughput peaks at {SweepFormat.Level(outputPeak.Concurrency)} with {SweepFormat.TokenRate(peakOutput)}.";
        var evidence = new SweepEvidence(
            "highest request_throughput (mean over repeats); the lowest level wins a tie", observations, finding);
        return new PeakVerdict(level.Concurrency, peak, level.OutputThroughput?.Mean, outputPeak.Concurrency, peakOutput, evidence);
    }

    private static int KneeIndex(SweepLevel[] levels, double threshold)
    {
        int index = 0;
        while (RequestThroughput(levels[index]) < threshold)
        {
            index++; // the peak itself reaches the threshold, so this stops at or before it
        }
        return index;
    }

    private static KneeVerdict Knee(SweepLevel[] levels, int index, PeakVerdict peak, SweepAnalysisOptions options)
    {
        double threshold = peak.RequestThroughput * options.KneeFraction;
        SweepObservation[] observations = levels
            .Take(index + 1)
            .Select(l => new SweepObservation(l.Concurrency, l.RequestThroughputKey, l.RequestThroughput?.Mean, ">=", threshold, RequestThroughput(l) >= threshold))
            .ToArray();
        string fraction = SweepFormat.ThresholdPercent(options.KneeFraction);
        SweepLevel knee = levels[index];
        string finding = $"{SweepFormat.Level(knee.Concurrency)} is the lowest level reaching {fraction} of the peak: "
            + $"{SweepFormat.RequestRate(RequestThroughput(knee))} >= {SweepFormat.RequestRate(threshold)} "
            + $"({fraction} of {SweepFormat.RequestRate(peak.RequestThroughput)} at {SweepFormat.Level(peak.Concurrency)}).";
        var evidence = new SweepEvidence($"lowest level with request_throughput >= {fraction} of the peak", observations, finding);
        return new KneeVerdict(knee.Concurrency, RequestThroughput(knee), threshold, evidence);
    }

    private static PlateauRange? Plateau(SweepLevel[] levels, int kneeIndex, int? breakIndex)
    {
        int end = breakIndex ?? levels.Length;
        if (end <= kneeIndex)
        {
            return null; // the endpoint broke before it saturated
        }
        double[] throughputs = levels[kneeIndex..end].Select(RequestThroughput).ToArray();
        return new PlateauRange(levels[kneeIndex].Concurrency, levels[end - 1].Concurrency, throughputs.Min(), throughputs.Max());
    }
}
