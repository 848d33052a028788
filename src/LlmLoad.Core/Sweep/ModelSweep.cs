namespace LlmLoad.Core.Sweep;

/// <summary>
/// One model's (or endpoint's) sweep in a study: the label it carries in charts and tables, its
/// levels, and its analysis when there is one.
/// </summary>
public sealed record ModelSweep(string Label, IReadOnlyList<SweepLevel> Levels, SweepAnalysis? Analysis = null);
