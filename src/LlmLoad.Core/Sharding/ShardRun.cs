namespace LlmLoad.Core.Sharding;

/// <summary>
/// What makes a run one shard of a larger one: which share it sends (<see cref="Spec"/>), the run all shards belong to
/// (<see cref="RunId"/>, agreed without talking: given, or derived from the command line) and the wall-clock time at
/// which every shard starts its load (<see cref="StartAt"/>, plus <see cref="Offset"/> for a sweep's later level).
/// </summary>
public sealed record ShardRun(ShardSpec Spec, string RunId, DateTimeOffset StartAt)
{
    /// <summary>How long after the common start this run's load starts: level k of a sharded sweep starts k slots later.</summary>
    public TimeSpan Offset { get; init; }

    /// <summary>
    /// When set, the shard says it is ready and gets the common start from it (never earlier than <see cref="StartAt"/>):
    /// <c>--processes</c> moves every child's start later together when one of them is not ready in time. Null: <see cref="StartAt"/>.
    /// </summary>
    public IShardStartGate? Gate { get; init; }

    /// <summary>The same shard, starting <paramref name="offset"/> later (a sweep's later level).</summary>
    public ShardRun After(TimeSpan offset) => this with { Offset = Offset + offset };
}
