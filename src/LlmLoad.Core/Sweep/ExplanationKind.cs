namespace LlmLoad.Core.Sweep;

/// <summary>Why the server says a plateau or breakpoint happened (docs/server-metrics.md lists the rules).</summary>
public enum ExplanationKind
{
    /// <summary>No level of the range had an engine's metrics: the curve cannot be explained from the server side.</summary>
    NoServerMetrics,

    /// <summary>The engine ran a flat number of sequences (its scheduler cap) while its queue grew.</summary>
    SchedulerFull,

    /// <summary>The KV cache ran near full and the engine preempted sequences.</summary>
    KvCacheExhausted,

    /// <summary>Requests were refused (429/502/503/504) that the engine never saw queued: a proxy or gateway limit in front of it.</summary>
    GatewayLimit,

    /// <summary>The engine's metrics were there but matched no rule.</summary>
    Unexplained,
}
