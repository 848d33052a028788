namespace LlmLoad.Core.Sweep;

/// <summary>
/// The plateau of a sweep: the levels from the knee up to the last level before the breakpoint
/// (or the last level), and the lowest and highest request throughput (req/s) among them.
/// </summary>
/// With repeats it is instead the levels whose throughput intervals overlap the peak's, and <see cref="Evidence"/> shows them.
public sealed record PlateauRange(int FromConcurrency, int ToConcurrency, double MinRequestThroughput, double MaxRequestThroughput)
{
    /// <summary>The intervals compared, when the sweep was repeated (<see cref="RepeatConfidence"/>); null for a sweep measured once.</summary>
    public SweepEvidence? Evidence { get; init; }
}
