using System.Globalization;

namespace LlmLoad.Core.Sharding;

/// <summary>Holds a shard's load until the common start time, so every shard's level runs in the same wall-clock window.</summary>
public static class ShardStart
{
    /// <summary>
    /// Past the start time by more than this, a shard says it started late: a timer wakes within a few ms of its due
    /// time, so anything later is a shard that was not ready (slow start-up, a long pre-flight, a late pod).
    /// </summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits for <see cref="ShardRun.StartAt"/> by <paramref name="timeProvider"/>'s wall clock; a warning when that time had already passed.</summary>
    public static async Task<string?> WaitAsync(ShardRun shard, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var wait = shard.StartAt - timeProvider.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
            return null;
        }
        return -wait <= LateAfter ? null : string.Create(CultureInfo.InvariantCulture,
            $"shard {shard.Spec} started its load {-wait.TotalSeconds:0.000} s after --start-at {shard.StartAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}: its requests run later than the other shards'; give a later --start-at so every shard is ready in time (shard.json records the offset).");
    }
}
