using System.Globalization;

namespace LlmLoad.Core.Metrics;

/// <summary>
/// One run-level SLO: a catalogue metric compared with a threshold in the metric's stored unit
/// (ms for latencies, a 0-to-1 fraction for <c>success_rate</c>), e.g. <c>p99_ttft_ms &lt;= 2000</c>.
/// </summary>
public sealed record SloCondition(MetricDefinition Metric, SloComparison Comparison, double Threshold)
{
    /// <summary>Whether <paramref name="summary"/> meets the condition; an undefined value never does.</summary>
    public SloConditionResult Evaluate(RunSummary summary)
    {
        double? actual = Metric.ValueOf(summary);
        return new SloConditionResult(this, actual, actual is { } value && Comparison.Holds(value, Threshold));
    }

    /// <summary>e.g. <c>p99_ttft_ms&lt;=2000</c>.</summary>
    public override string ToString() =>
        Metric.Key + Comparison.ToSymbol() + Threshold.ToString("R", CultureInfo.InvariantCulture);
}
