namespace LlmLoad.Core.Sweep;

/// <summary>
/// The saturation point: the lowest level whose request throughput (req/s) reaches
/// <see cref="Threshold"/>, the configured fraction of the peak.
/// </summary>
public sealed record KneeVerdict(int Concurrency, double RequestThroughput, double Threshold, SweepEvidence Evidence)
{
    /// <summary>"certain" or "within noise" from the repeats' intervals; null for a sweep measured once.</summary>
    public VerdictConfidence? Confidence { get; init; }
}
