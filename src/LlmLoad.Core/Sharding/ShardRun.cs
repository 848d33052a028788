namespace LlmLoad.Core.Sharding;

/// <summary>
/// What makes a run one shard of a larger one: which share it sends (<see cref="Spec"/>), the run all shards belong to
/// (<see cref="RunId"/>, agreed without talking: given, or derived from the command line) and the wall-clock time at
/// which every shard starts its load (<see cref="StartAt"/>).
/// </summary>
public sealed record ShardRun(ShardSpec Spec, string RunId, DateTimeOffset StartAt)
{
    /// <summary>The same shard, starting <paramref name="offset"/> later (a sweep's later level).</summary>
    public ShardRun After(TimeSpan offset) => this with { StartAt = StartAt + offset };
}
