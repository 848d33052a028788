namespace LlmLoad.Core.Sweep;

/// <summary>
/// The plateau of a sweep: the levels from the knee up to the last level before the breakpoint
/// (or the last level), and the lowest and highest request throughput (req/s) among them.
/// </summary>
public sealed record PlateauRange(LoadPoint FromLoad, LoadPoint ToLoad, double MinRequestThroughput, double MaxRequestThroughput);
