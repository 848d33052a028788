namespace LlmLoad.Core.Metrics;

/// <summary>The evidence of one SLO check: the condition, the measured value (null when undefined) and the verdict.</summary>
public sealed record SloConditionResult(SloCondition Condition, double? Actual, bool Passed);
