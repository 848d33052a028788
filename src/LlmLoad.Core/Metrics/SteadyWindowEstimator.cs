using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Metrics;

/// <summary>
/// Measures throughput over a run's steady window (metrics.md, "Steady state"), so a capacity
/// reading does not depend on how many requests the run sent. Whole-run throughput divides by
/// [first send, last done], which ends in a drain: after the last send fewer and fewer users
/// are busy, so the figure under-reads by an amount that depends on the number of waves.
/// <list type="number">
/// <item>The window. Closed loop: from the first completion (once all C users have sent, and
/// after the last warm-up request) to the last send; inside it all C users are busy. Open loop:
/// the scheduled window, first to last <c>scheduled_at</c>, while the schedule offered its load.</item>
/// <item>Output tokens produced inside the window: each event's tokens are produced over the gap
/// before it (the first event's over TTFT), so a request straddling a window edge counts for
/// the part inside; scaled to the request's output token count.</item>
/// <item>Requests: output rate / mean output tokens per successful request (renewal-reward). Runs
/// without output tokens count each request's share of its events (of sent..done without events).</item>
/// </list>
/// Why not the classic count of completions inside the window: when requests finish in waves
/// (equal lengths on a processor-sharing server) the window [first completion, last send] of a
/// 3-wave run holds two waves of completions in one wave of time and reads 2x. Why not each
/// request's share of itself: short requests are over-represented while a closed loop starts
/// (E[1/L] > 1/E[L]): 7% to 46% high at 2 waves in a model of a 4-slot server with lengths 4 to 20. Tokens are work the
/// server does at one rate whatever the waves, so tokens inside the window are exact for a
/// processor-sharing server at 2, 3 or 10 waves. Only successful requests count, as in the
/// whole-run figures. Pure: records in, numbers out.
/// </summary>
public static class SteadyWindowEstimator
{
    /// <summary>The steady window of a run and its throughput; null when the run has none (one wave or less, or one request).</summary>
    public static SteadyWindow? Estimate(IReadOnlyList<RequestRecord> records, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(options);
        List<RequestRecord> measured = records.Where(r => !r.Warmup).ToList();
        (double StartMs, double EndMs)? window = options.RequestRate is null
            ? ClosedLoopWindow(records, measured, options.MaxConcurrency ?? 1)
            : ScheduledWindow(measured);
        if (window is not (var startMs, var endMs) || !(endMs > startMs))
        {
            return null;
        }

        List<RequestRecord> successful = measured.Where(r => r.IsSuccess).ToList();
        double seconds = (endMs - startMs) / 1000;
        double tokens = successful.Sum(r => r.OutputTokens * ShareInside(r, startMs, endMs));
        long totalTokens = successful.Sum(r => (long)r.OutputTokens);
        double requests = totalTokens > 0
            ? tokens / ((double)totalTokens / successful.Count)
            : successful.Sum(r => ShareInside(r, startMs, endMs));
        return new SteadyWindow(startMs / 1000, endMs / 1000, requests / seconds, tokens / seconds);
    }

    private static (double, double)? ClosedLoopWindow(IReadOnlyList<RequestRecord> all, List<RequestRecord> measured, int users)
    {
        double[] sends = [.. measured.Select(r => r.SentAtMs).Order()];
        if (sends.Length <= users)
        {
            return null; // one wave or less: every user sends once and the run is all start and drain
        }
        double allSent = sends[users - 1];
        double warmupOver = all.Where(r => r.Warmup).Select(RequestLatency.EndMs).DefaultIfEmpty(double.MinValue).Max();
        double firstCompletion = measured.Min(RequestLatency.EndMs);
        return (Math.Max(allSent, Math.Max(warmupOver, firstCompletion)), sends[^1]);
    }

    private static (double, double)? ScheduledWindow(List<RequestRecord> measured) =>
        measured.Count < 2 ? null : (measured.Min(r => r.ScheduledAtMs), measured.Max(r => r.ScheduledAtMs));

    /// <summary>How much of the request's output was produced inside [start, end], from 0 to 1.</summary>
    private static double ShareInside(RequestRecord record, double startMs, double endMs) =>
        Progress(record, endMs) - Progress(record, startMs);

    /// <summary>
    /// The share of the request's output produced by <paramref name="atMs"/>: linear over the gap
    /// before each text-carrying event up to that event's cumulative tokens (events weigh 1 each when
    /// no event has a count); without events, linear from sent_at to the request's end.
    /// </summary>
    internal static double Progress(RequestRecord record, double atMs)
    {
        IReadOnlyList<double> events = record.ChunkAtMs;
        if (events.Count == 0)
        {
            return Interpolate(record.SentAtMs, 0, RequestLatency.EndMs(record), 1, atMs);
        }
        bool counted = record.ChunkTokens.Count == events.Count && record.ChunkTokens.Any(t => t > 0);
        double total = counted ? record.ChunkTokens.Sum(t => (double)t) : events.Count;
        double fromMs = record.SentAtMs;
        double fromShare = 0;
        double produced = 0;
        for (int i = 0; i < events.Count; i++)
        {
            produced += counted ? record.ChunkTokens[i] : 1;
            double toShare = produced / total;
            if (atMs < events[i])
            {
                return Interpolate(fromMs, fromShare, events[i], toShare, atMs);
            }
            (fromMs, fromShare) = (events[i], toShare);
        }
        return 1;
    }

    private static double Interpolate(double fromMs, double fromShare, double toMs, double toShare, double atMs) =>
        atMs <= fromMs ? fromShare
        : atMs >= toMs ? toShare
        : fromShare + (toShare - fromShare) * (atMs - fromMs) / (toMs - fromMs);
}
