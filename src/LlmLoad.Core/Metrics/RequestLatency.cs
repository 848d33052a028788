using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Metrics;

/// <summary>
/// The per-request metric definitions of metrics.md, in milliseconds, each computed from a
/// <see cref="RequestRecord"/>'s timeline. <c>null</c> means the metric is undefined for that
/// request (no token arrived, or TPOT of a one-token output). Summaries, goodput and SLO checks
/// all use these, so each definition lives in exactly one place.
/// </summary>
public static class RequestLatency
{
    /// <summary>TTFT = first_token_at - sent_at.</summary>
    public static double? TtftMs(RequestRecord record) => record.FirstTokenAtMs - record.SentAtMs;

    /// <summary>E2EL = last_token_at - sent_at (vLLM's end point: the last text-carrying event).</summary>
    public static double? E2elMs(RequestRecord record) => record.LastTokenAtMs - record.SentAtMs;

    /// <summary>
    /// TPOT = (last_token_at - first_token_at) / (output_tokens - 1); defined only where
    /// output_tokens &gt; 1, as in vLLM.
    /// </summary>
    public static double? TpotMs(RequestRecord record) =>
        record.OutputTokens > 1 && record.FirstTokenAtMs is { } first && record.LastTokenAtMs is { } last
            ? (last - first) / (record.OutputTokens - 1)
            : null;

    /// <summary>Client queue time = sent_at - scheduled_at.</summary>
    public static double QueueTimeMs(RequestRecord record) => record.SentAtMs - record.ScheduledAtMs;

    /// <summary>Open-loop TTFT (coordinated-omission-free) = first_token_at - scheduled_at.</summary>
    public static double? OpenLoopTtftMs(RequestRecord record) => record.FirstTokenAtMs - record.ScheduledAtMs;

    /// <summary>Open-loop E2EL (coordinated-omission-free) = last_token_at - scheduled_at.</summary>
    public static double? OpenLoopE2elMs(RequestRecord record) => record.LastTokenAtMs - record.ScheduledAtMs;

    /// <summary>
    /// Decode speed of one request in tokens per second = (output_tokens - 1) / (last_token_at -
    /// first_token_at). Undefined for one-token outputs and when every token came in one event.
    /// </summary>
    public static double? DecodeTokensPerSecond(RequestRecord record) =>
        record.OutputTokens > 1 && record.FirstTokenAtMs is { } first && record.LastTokenAtMs is { } last && last > first
            ? (record.OutputTokens - 1) / ((last - first) / 1000.0)
            : null;

    /// <summary>
    /// The gaps between consecutive text-carrying events (ITL entries): one per event after the
    /// first, however many tokens each event carried (as vLLM and FIB count them).
    /// </summary>
    public static IEnumerable<double> ItlGapsMs(RequestRecord record)
    {
        IReadOnlyList<double> chunks = record.ChunkAtMs;
        for (int i = 1; i < chunks.Count; i++)
        {
            yield return chunks[i] - chunks[i - 1];
        }
    }

    /// <summary>The request's largest ITL gap (its longest stall), or null with fewer than two events.</summary>
    public static double? MaxItlMs(RequestRecord record) =>
        record.ChunkAtMs.Count < 2 ? null : ItlGapsMs(record).Max();

    /// <summary>
    /// When the request stopped occupying the client: done_at, or for a record without one the
    /// last thing seen (last token, first token, else sent_at).
    /// </summary>
    public static double EndMs(RequestRecord record) =>
        record.DoneAtMs ?? record.LastTokenAtMs ?? record.FirstTokenAtMs ?? record.SentAtMs;
}
