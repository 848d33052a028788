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

    /// <summary>
    /// Waits for the shard's start (<see cref="ShardRun.StartAt"/>, or the one its gate agrees, plus its offset) by
    /// <paramref name="timeProvider"/>'s wall clock. Returns that start, and a warning when it had already passed.
    /// </summary>
    public static async Task<(DateTimeOffset StartAt, string? Warning)> WaitAsync(ShardRun shard, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var common = shard.Gate is { } gate ? await gate.OpenAsync(shard.StartAt, cancellationToken).ConfigureAwait(false) : shard.StartAt;
        var startAt = common + shard.Offset;
        var wait = startAt - timeProvider.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
            return (startAt, null);
        }
        return (startAt, -wait <= LateAfter ? null : string.Create(CultureInfo.InvariantCulture,
            $"shard {shard.Spec} started its load {-wait.TotalSeconds:0.000} s after --start-at {startAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}: its requests run later than the other shards'; give a later --start-at so every shard is ready in time (shard.json records the offset)."));
    }
}
