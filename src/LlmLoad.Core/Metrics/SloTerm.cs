namespace LlmLoad.Core.Metrics;

/// <summary>One parsed SLO term; <see cref="Unit"/> is "", "ms", "s" or "%".</summary>
internal sealed record SloTerm(string Text, string Name, SloComparison Comparison, double Value, string Unit)
{
    /// <summary>The value in milliseconds when it is a time (no unit means milliseconds), else null.</summary>
    public double? ValueMs => Unit switch
    {
        "" or "ms" => Value,
        "s" => Value * 1000,
        _ => null,
    };
}
