using LlmLoad.Core.Sweep;
using static LlmLoad.Core.Tests.Sweep.SweepData;

namespace LlmLoad.Core.Tests.Reporting.Plots;

/// <summary>
/// A three-model study shaped like the published study's (GPT-OSS-20B, Gemma 3 27B, Llama 4 Scout),
/// with latencies, one repeated level and the analysis of each model.
/// </summary>
internal static class StudyData
{
    public static IReadOnlyList<SweepLevel> GemmaLike { get; } =
    [
        Level(16, 8.0, p99TtftMs: 900, meanTpotMs: 19.2),
        Level(32, 12.4, p99TtftMs: 1100, meanTpotMs: 19.5),
        Level(64, 22.0, p99TtftMs: 1400, meanTpotMs: 22.0),
        Level(128, 36.0, p99TtftMs: 1900, meanTpotMs: 27.0),
        SweepLevel.FromRepeats(256, [Summary(48.0, p99TtftMs: 2600, meanTpotMs: 33.0), Summary(51.0, p99TtftMs: 2500, meanTpotMs: 32.0), Summary(49.5, p99TtftMs: 2550, meanTpotMs: 32.5)]),
        Level(512, 56.5, p99TtftMs: 3900, meanTpotMs: 41.0),
        Level(800, 58.0, p99TtftMs: 5200, meanTpotMs: 48.0),
        Level(1000, 59.0, p99TtftMs: 6100, meanTpotMs: 52.0),
        Level(1400, 57.5, p99TtftMs: 8000, meanTpotMs: 58.0),
        Level(1600, 50.0, failed: 600, p99TtftMs: 9800, meanTpotMs: 64.0),
        Level(2000, 41.0, failed: 1400, p99TtftMs: 12500, meanTpotMs: 71.0),
    ];

    public static IReadOnlyList<SweepLevel> LlamaLikeWithLatency { get; } =
    [
        Level(16, 9.0, p99TtftMs: 450, meanTpotMs: 19.5),
        Level(32, 14.1, p99TtftMs: 500, meanTpotMs: 19.6),
        Level(64, 28.0, p99TtftMs: 650, meanTpotMs: 21.0),
        Level(128, 45.0, p99TtftMs: 900, meanTpotMs: 24.0),
        Level(256, 60.0, p99TtftMs: 1300, meanTpotMs: 29.0),
        Level(512, 70.0, p99TtftMs: 2100, meanTpotMs: 36.0),
        Level(1000, 66.0, p99TtftMs: 3600, meanTpotMs: 45.0),
        Level(2000, 63.5, p99TtftMs: 6500, meanTpotMs: 55.0),
        Level(3250, 50.0, failed: 263, p99TtftMs: 9900, meanTpotMs: 63.0),
        Level(4000, 61.0, p99TtftMs: 11800, meanTpotMs: 66.0),
    ];

    public static IReadOnlyList<ModelSweep> Models { get; } =
    [
        Model("GPT-OSS-20B", GptOssLike),
        Model("Gemma 3 27B", GemmaLike),
        Model("Llama 4 Scout 17B-16E Instruct", LlamaLikeWithLatency),
    ];

    private static ModelSweep Model(string label, IReadOnlyList<SweepLevel> levels) => new(label, levels, SweepAnalyzer.Analyze(levels));
}
