namespace LlmLoad.Core.Metrics;

/// <summary>Symbols and evaluation of <see cref="SloComparison"/>.</summary>
public static class SloComparisons
{
    public static string ToSymbol(this SloComparison comparison) => comparison switch
    {
        SloComparison.LessOrEqual => "<=",
        SloComparison.Less => "<",
        SloComparison.GreaterOrEqual => ">=",
        SloComparison.Greater => ">",
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, "unknown comparison"),
    };

    /// <summary>Whether <paramref name="value"/> satisfies the comparison with <paramref name="threshold"/>.</summary>
    public static bool Holds(this SloComparison comparison, double value, double threshold) => comparison switch
    {
        SloComparison.LessOrEqual => value <= threshold,
        SloComparison.Less => value < threshold,
        SloComparison.GreaterOrEqual => value >= threshold,
        SloComparison.Greater => value > threshold,
        _ => throw new ArgumentOutOfRangeException(nameof(comparison), comparison, "unknown comparison"),
    };
}
