namespace LlmLoad.Core.Sweep;

/// <summary>
/// One number a sweep verdict compared: at level <see cref="Load"/>, the summary.json metric
/// <see cref="Metric"/> had <see cref="Value"/> (null when undefined), checked as
/// <c>Value Comparison Threshold</c> (e.g. <c>success_rate 0.971 &gt;= 0.99</c>); <see cref="Holds"/> is the result.
/// </summary>
public sealed record SweepObservation(LoadPoint Load, string Metric, double? Value, string Comparison, double? Threshold, bool Holds);
