namespace LlmLoad.Core.Sharding;

/// <summary>
/// Agrees the common start with the other shards once this shard is ready to send (its workload built, its pre-flight
/// done). The first call does it; later calls (a sweep's later levels) return the same start.
/// </summary>
public interface IShardStartGate
{
    /// <summary>The common start: <paramref name="planned"/>, or later when some shard was not ready by then.</summary>
    Task<DateTimeOffset> OpenAsync(DateTimeOffset planned, CancellationToken cancellationToken);
}
