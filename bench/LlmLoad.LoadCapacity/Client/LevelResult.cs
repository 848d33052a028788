namespace LlmLoad.LoadCapacity.Client;

/// <summary>
/// The figures of one level (BENCHMARKS.md). Times in ms; "added TTFT" is measured TTFT minus the server's own
/// TTFT (handler start to first-event write). Send lag is client send to server handler start, delivery lag is
/// the server's first-event write to the client's stamp, both on the shared wall clock.
/// </summary>
public sealed record LevelResult
{
    public required string Label { get; init; }
    public int? Concurrency { get; init; }
    public double? TargetRequestsPerSecond { get; init; }
    public int Requests { get; init; }
    public int MeasuredRequests { get; init; }
    public int Failed { get; init; }
    public string Failures { get; init; } = "";
    public double WallSeconds { get; init; }
    public double ClientCpuMsPerRequest { get; init; }
    public double ClientKernelCpuMsPerRequest { get; init; }
    public double? ContextSwitchesPerRequest { get; init; }
    public double ClientCpuPercentOfOneCore { get; init; }
    public double ServerCpuPercentOfOneCore { get; init; }
    public double RequestsPerSecond { get; init; }
    public double TokenEventsPerSecond { get; init; }
    public int PeakConcurrentStreams { get; init; }
    public double? TtftMeanMs { get; init; }
    public double? TtftP99Ms { get; init; }
    public double? ServerTtftP99Ms { get; init; }
    public double? AddedTtftMeanMs { get; init; }
    public double? AddedTtftP50Ms { get; init; }
    public double? AddedTtftP99Ms { get; init; }
    public double? AddedTtftMaxMs { get; init; }
    public double? SendLagMeanMs { get; init; }
    public double? SendLagP99Ms { get; init; }
    public double? DeliveryLagMeanMs { get; init; }
    public double? DeliveryLagP99Ms { get; init; }
    public double? ItlMeanMs { get; init; }
    public double? ItlP99Ms { get; init; }
    public double? ScheduleLagP50Ms { get; init; }
    public double? ScheduleLagP99Ms { get; init; }
    public double? ScheduleLagMaxMs { get; init; }
    public double? ScheduledRequestsPerSecond { get; init; }
    public double? AchievedRequestsPerSecond { get; init; }
    public double? PeakRssMiB { get; init; }
    public int? OpenSockets { get; init; }
    /// <summary>The machine's 1-minute load average around the pass; above ~2 on 2 cores, other work competed for them.</summary>
    public double LoadAverage { get; init; }
    public IReadOnlyList<int> GcCounts { get; init; } = [];
    /// <summary>Total GC pause during the pass: a share of it lands in any latency measured across it.</summary>
    public double GcPauseMs { get; init; }
    /// <summary>Heap allocations per request of the pass: what drives the number of collections.</summary>
    public double AllocatedKiBPerRequest { get; init; }
}
