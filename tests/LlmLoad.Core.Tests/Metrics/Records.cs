using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Tests.Metrics;

/// <summary>Short builders for request records with hand-picked timelines (ms on the run clock).</summary>
internal static class Records
{
    /// <summary>A successful request: tokens arrive at <paramref name="chunksMs"/>; done at the last chunk unless given.</summary>
    public static RequestRecord Ok(
        double sentMs,
        double[] chunksMs,
        int outputTokens,
        double? scheduledMs = null,
        double? doneMs = null,
        int promptTokens = 10,
        int[]? chunkTokens = null,
        int index = 0) => new()
        {
            RunId = "test",
            Index = index,
            ScheduledAtMs = scheduledMs ?? sentMs,
            SentAtMs = sentMs,
            SentAtUnixMs = 1_700_000_000_000 + sentMs,
            FirstTokenAtMs = chunksMs.Length > 0 ? chunksMs[0] : null,
            FirstContentAtMs = chunksMs.Length > 0 ? chunksMs[0] : null,
            LastTokenAtMs = chunksMs.Length > 0 ? chunksMs[^1] : null,
            DoneAtMs = doneMs ?? (chunksMs.Length > 0 ? chunksMs[^1] : sentMs),
            ChunkAtMs = chunksMs,
            ChunkTokens = chunkTokens ?? [],
            Outcome = RequestOutcome.Ok,
            HttpStatus = 200,
            PromptTokens = promptTokens,
            OutputTokens = outputTokens,
            OutputTokensSource = "usage",
            UsageOutputTokens = outputTokens,
            FinishReason = "length",
        };

    /// <summary>A request that ended in <paramref name="outcome"/> at <paramref name="doneMs"/> without output.</summary>
    public static RequestRecord Failed(
        double sentMs,
        double doneMs,
        RequestOutcome outcome = RequestOutcome.HttpStatus,
        int? httpStatus = null,
        int index = 0) => new()
        {
            RunId = "test",
            Index = index,
            ScheduledAtMs = sentMs,
            SentAtMs = sentMs,
            SentAtUnixMs = 1_700_000_000_000 + sentMs,
            DoneAtMs = doneMs,
            Outcome = outcome,
            HttpStatus = httpStatus,
            ErrorMessage = outcome.ToName(),
            PromptTokens = 10,
        };

    /// <summary>Evenly spaced chunk times: <paramref name="count"/> events from <paramref name="firstMs"/>, <paramref name="gapMs"/> apart.</summary>
    public static double[] Chunks(double firstMs, double gapMs, int count) =>
        Enumerable.Range(0, count).Select(i => firstMs + i * gapMs).ToArray();
}
