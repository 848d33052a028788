namespace LlmLoad.Core.Sweep;

/// <summary>
/// The lowest level where the endpoint broke (<see cref="Concurrency"/>, null when no level did)
/// and the <see cref="Cause"/> (the success-rate check wins when both fire at one level).
/// </summary>
public sealed record BreakpointVerdict(int? Concurrency, BreakpointCause? Cause, SweepEvidence Evidence)
{
    /// <summary>"certain" or "within noise" from the repeats' intervals; null for a sweep measured once or without a breakpoint.</summary>
    public VerdictConfidence? Confidence { get; init; }
}
