namespace LlmLoad.Core.Metrics;

/// <summary>An <see cref="SloSet"/> checked against one run: every condition's evidence and the overall verdict.</summary>
public sealed record SloEvaluation(IReadOnlyList<SloConditionResult> Results)
{
    /// <summary>True when every condition passed (vacuously true for no conditions).</summary>
    public bool Passed => Results.All(r => r.Passed);
}
