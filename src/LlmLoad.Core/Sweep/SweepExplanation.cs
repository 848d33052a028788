namespace LlmLoad.Core.Sweep;

/// <summary>The server-side cause of a plateau or breakpoint, with the engine figures behind it (<see cref="SweepExplainer"/>).</summary>
public sealed record SweepExplanation(ExplanationKind Kind, SweepEvidence Evidence)
{
    /// <summary>The kind as sweep.json writes it (snake_case).</summary>
    public string KindName => Kind switch
    {
        ExplanationKind.NoServerMetrics => "no_server_metrics",
        ExplanationKind.SchedulerFull => "scheduler_full",
        ExplanationKind.KvCacheExhausted => "kv_cache_exhausted",
        ExplanationKind.GatewayLimit => "gateway_limit",
        _ => "unexplained",
    };

    public static ExplanationKind? ParseKind(string? name) => name switch
    {
        "no_server_metrics" => ExplanationKind.NoServerMetrics,
        "scheduler_full" => ExplanationKind.SchedulerFull,
        "kv_cache_exhausted" => ExplanationKind.KvCacheExhausted,
        "gateway_limit" => ExplanationKind.GatewayLimit,
        "unexplained" => ExplanationKind.Unexplained,
        _ => null,
    };
}
