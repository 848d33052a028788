using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Tests.Metrics;

namespace LlmLoad.Core.Tests.Reporting;

/// <summary>
/// A fixed, hand-made open-loop run (2 req/s, at most 4 in flight) for golden-file tests: a
/// warm-up, six successes (one chunked, one single-token, one late off the schedule), three
/// failures of two classes, and one cancelled request.
/// </summary>
internal static class GoldenRun
{
    public static SummaryOptions Options { get; } = new()
    {
        MaxConcurrency = 4,
        RequestRate = 2,
        Slo = new RequestSlo { TtftMs = 300, TpotMs = 40 },
    };

    public static IReadOnlyList<RequestRecord> Records { get; } =
    [
        Metrics.Records.Ok(sentMs: -2000, chunksMs: [-1800, -1700], outputTokens: 2) with { Warmup = true },
        Metrics.Records.Ok(sentMs: 0, chunksMs: Metrics.Records.Chunks(180, 25, 9), outputTokens: 9, promptTokens: 120, index: 0)
            with { ServerPromptTokens = 131, TokenizerOutputTokens = 9 },
        Metrics.Records.Ok(sentMs: 500, chunksMs: Metrics.Records.Chunks(820, 30, 12), outputTokens: 12, promptTokens: 95, index: 1)
            with { ServerPromptTokens = 104, TokenizerOutputTokens = 11 },
        Metrics.Records.Ok(sentMs: 1000, chunksMs: [1210, 1290, 1370, 1450], outputTokens: 16, promptTokens: 200, chunkTokens: [4, 4, 4, 4], index: 2)
            with { ServerPromptTokens = 211, TokenizerOutputTokens = 16 },
        Metrics.Records.Ok(sentMs: 1500, chunksMs: [1650], outputTokens: 1, promptTokens: 40, doneMs: 1660, index: 3),
        Metrics.Records.Ok(sentMs: 2300, scheduledMs: 2000, chunksMs: Metrics.Records.Chunks(2700, 45, 20), outputTokens: 20, promptTokens: 150, index: 4),
        Metrics.Records.Ok(sentMs: 2500, chunksMs: Metrics.Records.Chunks(2790, 20, 30), outputTokens: 30, promptTokens: 80, doneMs: 3400, index: 5),
        Metrics.Records.Failed(sentMs: 3000, doneMs: 3040, RequestOutcome.HttpStatus, 503, index: 6),
        Metrics.Records.Failed(sentMs: 3500, doneMs: 3510, RequestOutcome.HttpStatus, 429, index: 7),
        Metrics.Records.Failed(sentMs: 4000, doneMs: 6000, RequestOutcome.TimeoutTtft, index: 8),
        Metrics.Records.Failed(sentMs: 4500, doneMs: 6100, RequestOutcome.Cancelled, index: 9),
    ];

    public static RunSummary Summary { get; } = RunSummarizer.Summarize(Records, Options);

    /// <summary>A second, faster run for two-row comparison tables.</summary>
    public static RunSummary FastSummary { get; } = RunSummarizer.Summarize(
    [
        Metrics.Records.Ok(sentMs: 0, chunksMs: Metrics.Records.Chunks(90, 8, 50), outputTokens: 50, promptTokens: 88),
        Metrics.Records.Ok(sentMs: 100, chunksMs: Metrics.Records.Chunks(170, 9, 40), outputTokens: 40, promptTokens: 90),
    ], SummaryOptions.Default);
}
