using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Sharding;

/// <summary>
/// What one shard says about itself in <c>shard.json</c>, next to its normal results: which shard of which run, where it
/// ran, when its load started against the common start time, how healthy its client was, and the run's configuration
/// (already redacted) so a merge can check that every shard ran the same one.
/// </summary>
/// <param name="Share">The load this shard sent: its users (or in-flight cap), rate and request counts.</param>
/// <param name="LoadStartedAt">When this shard's load actually started, by its own wall clock.</param>
/// <param name="OriginUnixMs">The wall-clock time of the shard's run clock origin, ms since the Unix epoch: records' <c>*_ms</c> times count from it.</param>
public sealed record ShardManifest(
    string RunId,
    ShardSpec Shard,
    string Host,
    DateTimeOffset StartAt,
    DateTimeOffset LoadStartedAt,
    double OriginUnixMs,
    ShardShare Share,
    ClientHealth? ClientHealth,
    JsonObject Configuration)
{
    public const string FileName = "shard.json";

    /// <summary>How late (positive) or early the load started against the common start time, in ms: the shard's wall-clock offset at start.</summary>
    public double StartOffsetMs => (LoadStartedAt - StartAt).TotalMilliseconds;
}
