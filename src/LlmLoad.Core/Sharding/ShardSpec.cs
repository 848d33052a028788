using System.Globalization;
using LlmLoad.Core.Load;

namespace LlmLoad.Core.Sharding;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (<c>--shard I/N</c>): the share of one run's load this process sends.
/// Everything is split by index modulo <see cref="Count"/>: the shard owns the run's users, requests, workload items and
/// sessions whose index is <see cref="Index"/> mod <see cref="Count"/>, so shares differ by at most one and N shards
/// together send exactly what one run would have sent.
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    /// <summary>One shard of one: the whole run, unchanged.</summary>
    public static ShardSpec Whole { get; } = new(0, 1);

    /// <summary>Parses <c>I/N</c> (0 ≤ I &lt; N); null with a one-line problem otherwise.</summary>
    public static ShardSpec? TryParse(string text, out string? problem)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index < count)
        {
            problem = null;
            return new ShardSpec(index, count);
        }
        problem = $"\"{text}\" must be I/N with 0 <= I < N, e.g. 0/4 for the first of four shards.";
        return null;
    }

    /// <summary>How many of the indices 0..<paramref name="total"/>-1 belong to this shard (those equal to Index mod Count).</summary>
    public int ShareOf(int total) => total <= Index ? 0 : (total - Index + Count - 1) / Count;

    /// <summary>The run-wide index of this shard's <paramref name="local"/>-th request (or user, or item).</summary>
    public int GlobalIndex(int local) => local * Count + Index;

    /// <summary>
    /// This shard's own arrival stream: independent of the other shards' and derived from the run's, so a shard run
    /// again draws the same arrivals. One shard of one keeps the run's stream.
    /// </summary>
    public int ArrivalSeed(int seed)
    {
        if (Count == 1)
        {
            return seed;
        }
        unchecked
        {
            // splitmix64's finaliser over (seed, index): neighbouring shards get unrelated streams
            var x = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)(Index + 1) * 0xD1B54A32D192ED03UL;
            x ^= x >> 30;
            x *= 0xBF58476D1CE4E5B9UL;
            x ^= x >> 27;
            return (int)(x & 0x7FFFFFFF);
        }
    }

    /// <summary>
    /// The load this shard applies, from the whole run's: the closed loop's users (or an open loop's in-flight cap), the
    /// request and session counts split by index, an open loop's rate (of requests, or of sessions with multi-turn)
    /// divided by <see cref="Count"/> with this shard's own arrival stream, a trace's due times split by index. The
    /// duration stays: every shard runs the whole window. Think times are not split: they belong to each session.
    /// </summary>
    public LoadOptions Apply(LoadOptions load)
    {
        ArgumentNullException.ThrowIfNull(load);
        // request g (warm-up first) goes to shard g mod N as its local request g / N: warm-up stays warm-up
        var total = load.WarmupRequests + load.NumRequests;
        var self = this;
        return load with
        {
            Concurrency = load.Concurrency is { } users ? ShareOf(users) : null,
            RequestsPerSecond = load.RequestsPerSecond / Count,
            Seed = ArrivalSeed(load.Seed),
            WarmupRequests = ShareOf(load.WarmupRequests),
            NumRequests = ShareOf(total) - ShareOf(load.WarmupRequests),
            NumSessions = load.NumSessions is { } sessions ? ShareOf(sessions) : null,
            TraceOffsetsMs = load.TraceOffsetsMs is { } offsets ? [.. Enumerable.Range(0, ShareOf(offsets.Count)).Select(k => offsets[self.GlobalIndex(k)])] : null,
        };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
