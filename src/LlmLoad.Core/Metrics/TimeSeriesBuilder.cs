using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Metrics;

/// <summary>
/// Builds the 1 s <see cref="TimeSeries"/> of a run from its measured records. Steps:
/// 1. the range is the run's <see cref="RunWindow"/>: first <c>sent_at</c> to the last end of a request that was not
///    cancelled;
/// 2. in flight: a sweep line over every request's half-open interval [sent, end), cut at the window's end,
///    integrating the level over each bucket (time-weighted mean) and tracking its maximum;
/// 3. completions and errors are counted in the bucket of their end, offered requests in the bucket of their
///    <c>scheduled_at</c>;
/// 4. output tokens go to the bucket of the event that carried them, as <see cref="OutputTokenEvents"/> shares them
///    out: all of a successful request's, and those a cancelled request received inside the window. The series
///    therefore sums to <c>total_output_tokens</c> exactly.
/// </summary>
public static class TimeSeriesBuilder
{
    private const double BucketMs = TimeSeries.BucketSeconds * 1000;

    /// <summary>The series of <paramref name="measured"/>, which must already exclude warm-up requests.</summary>
    public static TimeSeries Build(IReadOnlyList<RequestRecord> measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        if (measured.Count == 0)
        {
            return TimeSeries.Empty;
        }

        RunWindow window = RunWindow.Of(measured);
        int bucketCount = Math.Max(1, (int)Math.Ceiling((window.EndMs - window.StartMs) / BucketMs));
        var buckets = new Buckets(window.StartMs, window.EndMs, bucketCount);

        var (inFlightMean, inFlightMax, peak) = SweepInFlight(measured, buckets);
        var completions = new int[bucketCount];
        var errors = new int[bucketCount];
        var outputTokens = new double[bucketCount];
        var offered = new int[bucketCount];
        foreach (RequestRecord record in measured)
        {
            offered[buckets.IndexOf(record.ScheduledAtMs)]++;
            if (record.IsSuccess)
            {
                completions[buckets.IndexOf(RequestLatency.EndMs(record))]++;
                AddOutputTokens(record, buckets, outputTokens);
            }
            else if (record.Outcome == RequestOutcome.Cancelled)
            {
                AddOutputTokens(record, buckets, outputTokens);
            }
            else
            {
                errors[buckets.IndexOf(RequestLatency.EndMs(record))]++;
            }
        }

        return new TimeSeries
        {
            StartMs = window.StartMs,
            InFlightMean = inFlightMean,
            InFlightMax = inFlightMax,
            Completions = completions,
            OutputTokens = outputTokens,
            Errors = errors,
            Offered = offered,
            PeakInFlight = peak,
            PeakOutputTokensPerSecond = outputTokens.Max(),
        };
    }

    /// <summary>
    /// A users ramp's active users at the middle of each bucket of <paramref name="series"/>, from the ramp itself
    /// (closed-loop users are the load, whatever the server does).
    /// </summary>
    public static int[] ActiveUsers(TimeSeries series, LoadRamp ramp)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(ramp);
        var users = new int[series.BucketCount];
        for (int k = 0; k < users.Length; k++)
        {
            users[k] = (int)Math.Floor(ramp.LoadAt((k + 0.5) * TimeSeries.BucketSeconds));
        }
        return users;
    }

    private static (double[] Mean, int[] Max, int Peak) SweepInFlight(IReadOnlyList<RequestRecord> records, Buckets buckets)
    {
        // departures sort before arrivals at the same instant: a request that ends when another
        // starts does not overlap it (vLLM's sweep line, vllm-project/vllm#56653)
        var events = new List<(double TimeMs, int Delta)>(records.Count * 2);
        foreach (RequestRecord record in records.Where(r => r.SentAtMs <= buckets.EndMs))
        {
            // a cancelled request still in flight when the window closed counts up to its end only
            events.Add((record.SentAtMs, +1));
            events.Add((Math.Clamp(RequestLatency.EndMs(record), record.SentAtMs, buckets.EndMs), -1));
        }
        events.Sort();

        var area = new double[buckets.Count];
        var max = new int[buckets.Count];
        int level = 0;
        int peak = 0;
        double previousMs = buckets.StartMs;
        foreach ((double timeMs, int delta) in events)
        {
            AddLevel(buckets, previousMs, timeMs, level, area, max);
            level += delta;
            peak = Math.Max(peak, level);
            int at = buckets.IndexOf(timeMs);
            max[at] = Math.Max(max[at], level);
            previousMs = timeMs;
        }

        var mean = new double[buckets.Count];
        for (int k = 0; k < buckets.Count; k++)
        {
            double widthMs = buckets.EndOf(k) - buckets.StartOf(k);
            mean[k] = widthMs > 0 ? area[k] / widthMs : max[k];
        }
        return (mean, max, peak);
    }

    // the level was constant on [fromMs, toMs): add its area to each bucket it overlaps
    private static void AddLevel(Buckets buckets, double fromMs, double toMs, int level, double[] area, int[] max)
    {
        if (level == 0 || toMs <= fromMs)
        {
            return;
        }
        for (int k = buckets.IndexOf(fromMs); k < buckets.Count && buckets.StartOf(k) < toMs; k++)
        {
            double overlapMs = Math.Min(toMs, buckets.EndOf(k)) - Math.Max(fromMs, buckets.StartOf(k));
            if (overlapMs > 0)
            {
                area[k] += level * overlapMs;
                max[k] = Math.Max(max[k], level);
            }
        }
    }

    // what arrived after the window's end (only a cancelled request's) is left out
    private static void AddOutputTokens(RequestRecord record, Buckets buckets, double[] outputTokens)
    {
        foreach ((double atMs, int tokens) in OutputTokenEvents.ArrivedBy(record, buckets.EndMs))
        {
            outputTokens[buckets.IndexOf(atMs)] += tokens;
        }
    }

    /// <summary>Bucket arithmetic: full 1 s buckets from the start, the last one cut at the end.</summary>
    private sealed record Buckets(double StartMs, double EndMs, int Count)
    {
        public double StartOf(int k) => StartMs + k * BucketMs;

        public double EndOf(int k) => k == Count - 1 ? Math.Max(EndMs, StartOf(k)) : StartOf(k + 1);

        // an event exactly at the end of the run belongs to the last bucket, not a new one
        public int IndexOf(double timeMs) => Math.Clamp((int)Math.Floor((timeMs - StartMs) / BucketMs), 0, Count - 1);
    }
}
