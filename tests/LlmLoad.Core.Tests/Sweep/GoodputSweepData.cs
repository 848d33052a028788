using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Tests.Sweep;

/// <summary>
/// Sweep levels measured against a per-request SLO (<c>--goodput</c>). As in <see cref="SweepData"/>,
/// every run lasts 100 s, so <c>good</c> requests give a goodput of <c>good / 100</c> req/s, and the
/// attainment is <c>good / (completed + failed)</c>.
/// </summary>
internal static class GoodputSweepData
{
    public static RequestSlo Slo { get; } = new() { TtftMs = 300, TpotMs = 20 };

    public static SweepLevel Level(int concurrency, double requestsPerSecond, int good, int failed = 0) =>
        new(concurrency, Summary(requestsPerSecond, good, failed));

    public static RunSummary Summary(double requestsPerSecond, int good, int failed = 0) =>
        SweepData.Summary(requestsPerSecond, failed, goodRequests: good) with { Slo = Slo };

    /// <summary>
    /// Throughput rises to c=256 while latency grows, so goodput peaks at c=64 and attainment falls:
    /// 99% at c=16, 91.7% at c=64, 50% at c=256.
    /// </summary>
    public static IReadOnlyList<SweepLevel> Rising { get; } =
    [
        Level(16, 10, good: 990), // 990 / 1000 = 99%, goodput 9.9 req/s
        Level(64, 24, good: 2200), // 2200 / 2400 = 91.7%, goodput 22 req/s
        Level(256, 30, good: 1500), // 1500 / 3000 = 50%, goodput 15 req/s
    ];
}
