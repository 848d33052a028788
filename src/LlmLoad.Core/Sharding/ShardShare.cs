namespace LlmLoad.Core.Sharding;

/// <summary>The share of the run's load one shard sent (<see cref="ShardSpec.Apply"/>).</summary>
/// <param name="Concurrency">Closed loop: this shard's users; open loop: its in-flight cap (null: none).</param>
/// <param name="RequestsPerSecond">Open loop: this shard's mean arrival rate (of sessions, with multi-turn); null for a closed loop.</param>
/// <param name="NumRequests">Measured requests, when the run was bounded by a count; null for a duration.</param>
public sealed record ShardShare(int? Concurrency, double? RequestsPerSecond, int? NumRequests, int WarmupRequests)
{
    /// <summary>Multi-turn with <c>--num-sessions</c>: this shard's sessions (then <see cref="NumRequests"/> is null); null otherwise.</summary>
    public int? NumSessions { get; init; }
}
