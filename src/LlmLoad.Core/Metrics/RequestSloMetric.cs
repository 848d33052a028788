namespace LlmLoad.Core.Metrics;

/// <summary>
/// The per-request latencies a goodput SLO (<see cref="RequestSlo"/>) can bound, in the order
/// summary.json lists them; <see cref="RequestSloMetricNames.ToName"/> gives the lower-case name
/// used in SLO text and in the <c>slo_attainment_*</c> keys.
/// </summary>
public enum RequestSloMetric
{
    Ttft,
    Tpot,
    Itl,
    E2el,
}
