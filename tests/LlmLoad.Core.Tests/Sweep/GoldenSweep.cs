using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Sweep;
using static LlmLoad.Core.Tests.Sweep.SweepData;

namespace LlmLoad.Core.Tests.Sweep;

/// <summary>
/// A small fixed sweep for golden files: four levels, one measured three times, one with errors,
/// analysed against an SLO so every verdict is present.
/// </summary>
internal static class GoldenSweep
{
    public static DateTimeOffset StartedAt { get; } = new(2026, 11, 28, 14, 30, 5, 250, TimeSpan.FromHours(1));

    public static IReadOnlyList<SweepLevel> Levels { get; } =
    [
        Level(16, 10, p99TtftMs: 200, meanTpotMs: 20, goodRequests: 1000),
        SweepLevel.FromRepeats(32, [Summary(18, p99TtftMs: 300, meanTpotMs: 25), Summary(22, p99TtftMs: 320, meanTpotMs: 26), Summary(20, p99TtftMs: 310, meanTpotMs: 25)]),
        Level(64, 24, p99TtftMs: 900, meanTpotMs: 38, goodRequests: 2100),
        new SweepLevel(128, Summary(20, failed: 50, p99TtftMs: 2500, meanTpotMs: 61) with
        {
            ErrorsByClass = [new ErrorCount(RequestOutcome.HttpStatus, null, 40), new ErrorCount(RequestOutcome.TimeoutTtft, null, 10)],
            ErrorsByClassAndStatus = [new ErrorCount(RequestOutcome.HttpStatus, 503, 40), new ErrorCount(RequestOutcome.TimeoutTtft, null, 10)],
        }),
    ];

    public static SweepAnalysisOptions Options { get; } = new()
    {
        Slo = SloSet.TryParse("ttft_p99<=1000,tpot_mean<=50", out SloSet? slo, out _) ? slo : throw new InvalidOperationException("bad SLO"),
    };

    public static SweepDocument Document { get; } = new(
        "0.1.0-test",
        StartedAt,
        "llama-8b",
        new JsonObject { ["base_url"] = "http://127.0.0.1:8000/v1", ["concurrency"] = "16,32,64,128", ["api_key"] = "[redacted]" },
        Levels,
        SweepAnalyzer.Analyze(Levels, Options));
}
