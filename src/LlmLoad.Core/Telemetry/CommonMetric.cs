namespace LlmLoad.Core.Telemetry;

/// <summary>llmload's engine-neutral names for what the server reports (the keys of <c>engine-map.json</c>).</summary>
public static class CommonMetric
{
    /// <summary>Sequences in the running batch.</summary>
    public const string Running = "running";

    /// <summary>Requests queued in the engine, not yet scheduled.</summary>
    public const string Waiting = "waiting";

    /// <summary>Fraction of the KV cache in use, 0..1.</summary>
    public const string KvCacheUsage = "kv_cache_usage";

    /// <summary>Sequences evicted from the batch (a counter).</summary>
    public const string Preemptions = "preemptions";

    /// <summary>Fraction of prompt tokens served from the prefix cache, 0..1.</summary>
    public const string PrefixCacheHitRate = "prefix_cache_hit_rate";

    /// <summary>The engine's own time to first token (a histogram in seconds).</summary>
    public const string ServerTtft = "server_ttft";

    /// <summary>The engine's own queue time (a histogram in seconds).</summary>
    public const string ServerQueueTime = "server_queue_time";

    /// <summary>GPU utilisation in percent, the mean over GPUs.</summary>
    public const string GpuUtilization = "gpu_utilization";

    /// <summary>GPU memory used in MiB, summed over GPUs.</summary>
    public const string GpuMemoryUsed = "gpu_memory_used";
}
