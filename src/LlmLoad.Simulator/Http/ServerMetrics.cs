namespace LlmLoad.Simulator.Http;

/// <summary>
/// Counters and histograms the HTTP layer records; <see cref="PrometheusText"/> renders them.
/// <paramref name="timeToFirstTokenObserved"/>, when given, receives each value <see cref="TimeToFirstToken"/> counts.
/// </summary>
internal sealed class ServerMetrics(Action<double>? timeToFirstTokenObserved = null)
{
    // vLLM's bucket bounds (vllm/v1/metrics/loggers.py), so dashboards built for vLLM read ours too
    private static readonly double[] s_ttftBounds =
        [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0];

    private static readonly double[] s_e2eBounds =
        [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0];

    private readonly long[] _outcomes = new long[Enum.GetValues<SimulatedOutcome>().Length];
    private long _malformedEvents;

    /// <summary>Server-side time to first token, in model seconds.</summary>
    public LatencyHistogram TimeToFirstToken { get; } = new(s_ttftBounds, timeToFirstTokenObserved);

    /// <summary>Time in the engine's waiting queue (submission to first scheduling), in model seconds; vLLM's request-latency bounds.</summary>
    public LatencyHistogram QueueTime { get; } = new(s_e2eBounds);

    /// <summary>Server-side end-to-end latency of finished requests, in model seconds.</summary>
    public LatencyHistogram EndToEndLatency { get; } = new(s_e2eBounds);

    public void Count(SimulatedOutcome outcome) => Interlocked.Increment(ref _outcomes[(int)outcome]);

    public void CountMalformedEvent() => Interlocked.Increment(ref _malformedEvents);

    public long this[SimulatedOutcome outcome] => Volatile.Read(ref _outcomes[(int)outcome]);

    public long MalformedEvents => Volatile.Read(ref _malformedEvents);
}
