namespace LlmLoad.Core.Telemetry;

/// <summary>The <c># TYPE</c> of a metric family; OpenMetrics types without a Prometheus twin read as <see cref="Untyped"/>.</summary>
public enum PrometheusMetricType
{
    Untyped,
    Counter,
    Gauge,
    Histogram,
    Summary,
}
