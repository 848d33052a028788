namespace LlmLoad.Core.Sweep;

/// <summary>
/// The highest request throughput of a sweep and its level (the lowest level on a tie), with the
/// output throughput measured there; the output-throughput peak may sit at another level
/// (<see cref="OutputPeakLoad"/>). Throughputs are means over repeats, in req/s and tok/s.
/// </summary>
public sealed record PeakVerdict(
    LoadPoint Load,
    double RequestThroughput,
    double? OutputThroughput,
    LoadPoint OutputPeakLoad,
    double PeakOutputThroughput,
    SweepEvidence Evidence);
