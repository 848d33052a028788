namespace LlmLoad.Core.Metrics;

/// <summary>Names of <see cref="RequestSloMetric"/> values, as SLO text and summary.json spell them.</summary>
public static class RequestSloMetricNames
{
    /// <summary>Every metric, in summary.json order.</summary>
    public static IReadOnlyList<RequestSloMetric> All { get; } = [RequestSloMetric.Ttft, RequestSloMetric.Tpot, RequestSloMetric.Itl, RequestSloMetric.E2el];

    /// <summary><c>ttft</c>, <c>tpot</c>, <c>itl</c> or <c>e2el</c>.</summary>
    public static string ToName(this RequestSloMetric metric) => metric switch
    {
        RequestSloMetric.Ttft => "ttft",
        RequestSloMetric.Tpot => "tpot",
        RequestSloMetric.Itl => "itl",
        RequestSloMetric.E2el => "e2el",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "not a request SLO metric"),
    };
}
