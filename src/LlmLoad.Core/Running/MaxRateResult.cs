using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Running;

/// <summary>
/// A finished (or interrupted) max-rate search: the probes in the order run, the highest rate that held (null when none
/// did), the bracket it ended on, and the finding in a sentence.
/// </summary>
public sealed record MaxRateResult(
    string OutputDirectory,
    IReadOnlyList<RateProbe> Probes,
    double? MaxRate,
    (double Held, double Failed)? Bracket,
    string Finding,
    bool Interrupted);
