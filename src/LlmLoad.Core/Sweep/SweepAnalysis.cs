namespace LlmLoad.Core.Sweep;

/// <summary>
/// What a sweep says about an endpoint, each verdict with its evidence: the peak, the knee
/// (saturation point), the breakpoint, the plateau between them, the max concurrency within SLO,
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
}
