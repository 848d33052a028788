using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Tests.Sweep;

/// <summary>
/// Hand-made sweep levels: every run lasts 100 s, so <c>completed = requests/s × 100</c> and the
/// numbers in a test read directly as req/s. Output is 100 tokens per request.
/// </summary>
internal static class SweepData
{
    public const double DurationSeconds = 100;

    public static RunSummary Summary(double requestsPerSecond, int failed = 0, double? p99TtftMs = null, double? meanTpotMs = null, int? goodRequests = null)
    {
        int completed = (int)Math.Round(requestsPerSecond * DurationSeconds);
        return new RunSummary
        {
            Completed = completed,
            Failed = failed,
            DurationSeconds = DurationSeconds,
            TotalInputTokens = completed * 30L,
            TotalOutputTokens = completed * 100L,
            Ttft = new LatencyStats { Count = completed, Mean = p99TtftMs / 2, P50 = p99TtftMs / 2, P99 = p99TtftMs },
            Tpot = new LatencyStats { Count = completed, Mean = meanTpotMs, P50 = meanTpotMs, P99 = meanTpotMs * 1.5 },
            GoodRequests = goodRequests,
        };
    }

    public static SweepLevel Level(int concurrency, double requestsPerSecond, int failed = 0, double? p99TtftMs = null, double? meanTpotMs = null, int? goodRequests = null) =>
        new(concurrency, Summary(requestsPerSecond, failed, p99TtftMs, meanTpotMs, goodRequests));

    /// <summary>
    /// The shape of the published study's GPT-OSS-20B ramp (figure 2): steep scaling, a plateau of
    /// about 130-136 req/s from c=800 to c=1400, then lost requests from c=1600.
    /// </summary>
    public static IReadOnlyList<SweepLevel> GptOssLike { get; } =
    [
        Level(16, 18.0, p99TtftMs: 210, meanTpotMs: 8.2),
        Level(32, 33.8, p99TtftMs: 240, meanTpotMs: 8.3),
        Level(64, 60.0, p99TtftMs: 300, meanTpotMs: 9.0),
        Level(128, 85.0, p99TtftMs: 420, meanTpotMs: 11.0),
        Level(256, 104.0, p99TtftMs: 700, meanTpotMs: 15.0),
        Level(512, 121.0, p99TtftMs: 1200, meanTpotMs: 24.0),
        Level(800, 130.0, p99TtftMs: 1900, meanTpotMs: 33.0, goodRequests: 12000),
        Level(1000, 133.0, p99TtftMs: 2400, meanTpotMs: 40.0),
        Level(1200, 136.0, p99TtftMs: 3000, meanTpotMs: 47.0),
        Level(1400, 134.0, p99TtftMs: 3600, meanTpotMs: 55.0),
        Level(1600, 128.0, failed: 382, p99TtftMs: 4500, meanTpotMs: 60.0), // 12800 / 13182 = 97.1 %
        Level(2000, 112.0, failed: 1244, p99TtftMs: 6000, meanTpotMs: 70.0), // 90.0 %
    ];

    /// <summary>
    /// The shape of the published study's Llama 4 Scout ramp: slow scaling, an early peak of 70 req/s at c=512,
    /// then a slow decline to 62-64 req/s; no lost requests until a bad run at c=3250.
    /// </summary>
    public static IReadOnlyList<SweepLevel> LlamaLike { get; } =
    [
        Level(16, 9.0),
        Level(32, 16.0),
        Level(64, 28.0),
        Level(128, 45.0),
        Level(256, 60.0),
        Level(512, 70.0),
        Level(1000, 66.0),
        Level(1500, 64.0),
        Level(2000, 63.5),
        Level(2500, 62.0),
        Level(3250, 50.0, failed: 263),
        Level(4000, 61.0),
    ];
}
