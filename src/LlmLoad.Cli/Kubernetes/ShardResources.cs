using System.Globalization;

namespace LlmLoad.Cli.Kubernetes;

/// <summary>
/// The CPU and memory one shard's pod requests, sized from its share of the load by the client's measured cost
/// (BENCHMARKS.md, "Capacity suite"): 1.7 ms of CPU per 100-token streamed request, i.e. 17 µs per token event, and
/// ~45 KiB per open stream on top of a ~128 MiB process (409 MiB peak at 10,000 streams).
/// </summary>
/// <remarks>
/// The rule, per shard (the run's load divided by the shard count, rounded up):
/// <list type="bullet">
/// <item>token events per second: an open loop's rate × output tokens per request; a closed loop's users × 50 (a 20 ms
/// inter-token latency, a fast server: the load a closed loop offers depends on the server's speed, so this assumes a fast one);</item>
/// <item>CPU: events/s × 17 µs, doubled (tails moved 2x between runs on busy cores, and a saturated client inflates TTFT),
/// rounded up to 100m, at least 500m;</item>
/// <item>open streams: a closed loop's users; an open loop's in-flight cap, or rate × 10 s (requests taking up to 10 s end to end);</item>
/// <item>memory: 128 MiB + 45 KiB per stream, rounded up to 64 MiB, at least 256 MiB; the limit is twice the request.</item>
/// </list>
/// No CPU limit: CFS throttling would pause the client mid-stream and show up as added latency in the measurement.
/// </remarks>
internal sealed record ShardResources(int CpuMillicores, int MemoryRequestMiB, int MemoryLimitMiB)
{
    public const int CpuMicrosecondsPerTokenEvent = 17;
    public const int TokensPerSecondPerStream = 50;
    public const int Headroom = 2;
    public const int MinimumCpuMillicores = 500;
    public const int BaseMemoryMiB = 128;
    public const int KiBPerStream = 45;
    public const int MinimumMemoryMiB = 256;
    public const int OpenLoopRequestSeconds = 10;

    /// <summary>The CPU request as a Kubernetes quantity, e.g. <c>1800m</c>.</summary>
    public string Cpu => CpuMillicores.ToString(CultureInfo.InvariantCulture) + "m";

    /// <summary>The memory request as a Kubernetes quantity, e.g. <c>256Mi</c>.</summary>
    public string MemoryRequest => MemoryRequestMiB.ToString(CultureInfo.InvariantCulture) + "Mi";

    /// <summary>The memory limit as a Kubernetes quantity.</summary>
    public string MemoryLimit => MemoryLimitMiB.ToString(CultureInfo.InvariantCulture) + "Mi";

    /// <summary>What one of <paramref name="shards"/> pods needs for its share of <paramref name="load"/>.</summary>
    public static ShardResources For(ShardLoad load, int shards)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        // decimal: the hand-worked figures of the docs come out exact (1700m, not 1800m from 850.0000000000001)
        decimal streams;
        decimal eventsPerSecond;
        if (load.Users is { } users)
        {
            streams = Math.Ceiling((decimal)users / shards);
            eventsPerSecond = streams * TokensPerSecondPerStream;
        }
        else
        {
            var rate = (decimal)(load.RequestsPerSecond ?? throw new ArgumentException("a load is closed (users) or open (a rate)", nameof(load))) / shards;
            var inFlight = Math.Ceiling(rate * OpenLoopRequestSeconds);
            streams = load.InFlightCap is { } cap ? Math.Min(Math.Ceiling((decimal)cap / shards), inFlight) : inFlight;
            eventsPerSecond = rate * (decimal)load.OutputTokensPerRequest;
        }
        // a core is 1,000,000 us of CPU per second, or 1000 millicores
        var cpu = Math.Max(MinimumCpuMillicores, RoundUp(eventsPerSecond * CpuMicrosecondsPerTokenEvent * Headroom / 1000, 100));
        var memory = Math.Max(MinimumMemoryMiB, RoundUp(BaseMemoryMiB + streams * KiBPerStream / 1024, 64));
        return new ShardResources(cpu, memory, memory * 2);
    }

    private static int RoundUp(decimal value, int step) => (int)Math.Min(int.MaxValue / 2, Math.Ceiling(value / step) * step);
}
