using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Sharding;

/// <summary>
/// The run N shards made together: every record on one time base (ordered by run-wide index), the summary computed
/// from them as for one run, the shards side by side and the warnings where they disagree.
/// </summary>
/// <param name="StartedAt">The earliest shard's clock origin: the records' <c>*_ms</c> times count from it.</param>
public sealed record MergedRun(
    string RunId,
    IReadOnlyList<RequestRecord> Records,
    RunSummary Summary,
    JsonObject Configuration,
    DateTimeOffset StartedAt,
    bool Interrupted,
    IReadOnlyList<ShardRow> Shards,
    IReadOnlyList<string> Warnings)
{
    /// <summary>How the sessions of a multi-turn run ended: the shards' counts added up (each session ran on one shard); null for a single-turn run.</summary>
    public SessionCounts? Sessions { get; init; }
}
