using LlmLoad.Core.Load;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sharding;
using LlmLoad.Core.Telemetry;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Running;

/// <summary>Everything one run needs, validated before it starts.</summary>
public sealed record RunOptions
{
    public required EndpointOptions Endpoint { get; init; }

    public WorkloadOptions Workload { get; init; } = new();

    public LoadOptions Load { get; init; } = new();

    /// <summary>Where <c>requests.jsonl</c> and <c>summary.json</c> go; created if missing.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>How long requests in flight may finish after the user stops the run, before they are cancelled.</summary>
    public TimeSpan StopGracePeriod { get; init; } = DefaultStopGracePeriod;

    public static readonly TimeSpan DefaultStopGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The server's <c>/metrics</c> pages to scrape during the run. Off unless asked: the CLI asks for the
    /// endpoint's own page by default, library callers and tests opt in.
    /// </summary>
    public ServerMetricsOptions ServerMetrics { get; init; } = new() { Off = true };

    /// <summary>Name of the environment variable the API key came from (recorded; the key never is).</summary>
    public string? ApiKeyVariable { get; init; }

    /// <summary>Per-request SLOs for goodput and SLO attainment (<c>--goodput</c>); null computes neither.</summary>
    public RequestSlo? Goodput { get; init; }

    /// <summary>
    /// This run is one shard of a larger one (<c>--shard I/N --start-at TIME</c>): it sends its share of <see cref="Load"/>
    /// (which stays the whole run's), starts its load at the common time and writes <c>shard.json</c>; null for a whole run.
    /// </summary>
    public ShardRun? Shard { get; init; }
}
