using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Sharding;

/// <summary>One shard beside the others: what it sent and finished, at what rate, how healthy its client was and how late it started.</summary>
/// <param name="Users">Its share of the users (closed loop) or in-flight cap; null for an open loop without one.</param>
/// <param name="RequestsPerSecond">Completed requests per second over its own window; null when it completed none.</param>
/// <param name="StartOffsetMs">How late (positive) its load started against the common start time, by its own clock.</param>
/// <param name="HealthWarnings">Its client's health warnings (<see cref="ClientHealth.Warnings"/>); empty when healthy.</param>
public sealed record ShardRow(
    ShardSpec Shard,
    string Host,
    int? Users,
    double? RateShare,
    int Completed,
    int Failed,
    double? RequestsPerSecond,
    double? OutputTokensPerSecond,
    double? ClientCpuFraction,
    double StartOffsetMs,
    IReadOnlyList<string> HealthWarnings)
{
    /// <summary>The shard's client health in full, for the merged summary.json; null when the shard did not record it.</summary>
    public ClientHealth? ClientHealth { get; init; }

    public static ShardRow Of(ShardDirectory shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var summary = shard.Run.Summary;
        var health = shard.Manifest.ClientHealth;
        return new ShardRow(shard.Manifest.Shard, shard.Manifest.Host, shard.Manifest.Share.Concurrency, shard.Manifest.Share.RequestsPerSecond,
            summary.Completed, summary.Failed, summary.RequestsPerSecond, summary.OutputTokensPerSecond,
            health?.CpuFractionOfMachine, shard.Manifest.StartOffsetMs, health?.Warnings() ?? [])
        {
            ClientHealth = health,
        };
    }
}
