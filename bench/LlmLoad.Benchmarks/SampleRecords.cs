using LlmLoad.Core.Recording;

namespace LlmLoad.Benchmarks;

/// <summary>Records shaped like those of a real run, with the full-precision times the run clock produces.</summary>
public static class SampleRecords
{
    /// <summary>A successful 100-token streamed request: 100 chunk times about 20 ms apart, one token each.</summary>
    public static RequestRecord HundredChunks(int index = 0)
    {
        var random = new Random(index);
        var sentAtMs = 15_234.1837 + index;
        var chunkAtMs = new double[RecordedStream.TokenEvents];
        var at = sentAtMs + 35.2718;
        for (var i = 0; i < chunkAtMs.Length; i++)
        {
            // run-clock readings are TimeSpan ticks in milliseconds: up to four decimals
            chunkAtMs[i] = Math.Round(at, 4);
            at += 18 + random.NextDouble() * 4;
        }
        return new RequestRecord
        {
            RunId = "20250101120000-bench-1a2b",
            Index = index,
            ScheduledAtMs = sentAtMs - 0.0421,
            SentAtMs = sentAtMs,
            SentAtUnixMs = 1_735_732_800_000 + sentAtMs,
            FirstTokenAtMs = chunkAtMs[0],
            FirstContentAtMs = chunkAtMs[0],
            LastTokenAtMs = chunkAtMs[^1],
            DoneAtMs = chunkAtMs[^1] + 0.3127,
            ChunkAtMs = chunkAtMs,
            ChunkTokens = Enumerable.Repeat(1, chunkAtMs.Length).ToArray(),
            Outcome = RequestOutcome.Ok,
            HttpStatus = 200,
            PromptTokens = 64,
            ServerPromptTokens = 64,
            MaxTokens = 100,
            OutputTokens = 100,
            OutputTokensSource = "usage",
            UsageOutputTokens = 100,
            TokenizerOutputTokens = 100,
            FinishReason = "length",
        };
    }
}
