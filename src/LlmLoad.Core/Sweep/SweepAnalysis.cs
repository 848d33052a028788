namespace LlmLoad.Core.Sweep;

/// <summary>
/// What a sweep says about an endpoint, each verdict with its evidence: the peak, the knee
/// (saturation point), the breakpoint, the plateau between them, the max concurrency within SLO,
/// with per-request SLOs the goodput peak and the max concurrency at the attainment target,
/// and the plain-language <see cref="Reading"/>. Built by <see cref="SweepAnalyzer"/>.
/// </summary>
public sealed record SweepAnalysis(
    SweepAnalysisOptions Options,
    PeakVerdict? Peak,
    KneeVerdict? Knee,
    BreakpointVerdict Breakpoint,
    PlateauRange? Plateau,
    SloCeilingVerdict? MaxConcurrencyWithinSlo,
    string Reading)
{
    /// <summary>The server-side cause of the plateau; null without a plateau or when the sweep scraped no metrics page.</summary>
    public SweepExplanation? PlateauExplanation { get; init; }

    /// <summary>The server-side cause of the breakpoint; null when none was reached or the sweep scraped no metrics page.</summary>
    public SweepExplanation? BreakpointExplanation { get; init; }

    /// <summary>Peak and knee are null when no level completed a request; the SLO verdict is null without SLOs.</summary>
    public bool HasThroughput => Peak is not null;

    /// <summary>The level of highest request goodput; null when the sweep had no per-request SLOs (<c>--goodput</c>).</summary>
    public GoodputPeakVerdict? GoodputPeak { get; init; }

    /// <summary>Max concurrency at the SLO attainment target; null when the sweep had no per-request SLOs.</summary>
    public AttainmentCeilingVerdict? MaxConcurrencyAtAttainment { get; init; }

    /// <summary>Repeated levels where one repeat failed badly and the others did not, in level order; empty for a sweep measured once.</summary>
    public IReadOnlyList<UnstableLevel> UnstableLevels { get; init; } = [];
}
