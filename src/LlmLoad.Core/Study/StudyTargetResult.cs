using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Study;

/// <summary>
/// What one target of a study produced: its name (the label in every table and chart), the model it
/// served, whether it was measured over HTTP or predicted in virtual time, where its results are (paths
/// relative to the study directory), the baseline run's summary and the sweep's analysis.
/// <see cref="Error"/> says why a target has no results (the endpoint was unusable, the user stopped the study).
/// </summary>
public sealed record StudyTargetResult(
    string Name,
    string? Model,
    StudyTargetMode Mode,
    string BaselineDirectory,
    string SweepDirectory,
    RunSummary? Baseline,
    SweepAnalysis? Analysis,
    string? Error = null)
{
    /// <summary>The target's label in tables and charts: its name, marked when the numbers are a prediction, so they are never taken for a measurement.</summary>
    public string Label => Mode == StudyTargetMode.Simulated ? $"{Name} (simulated)" : Name;
}
