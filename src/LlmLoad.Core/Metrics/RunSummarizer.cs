using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Metrics;

/// <summary>
/// Turns a run's request records into its <see cref="RunSummary"/>. Steps:
/// 1. drop warm-up records; the rest are "measured";
/// 2. split measured into successful, failed and cancelled;
/// 3. the window (<see cref="RunWindow"/>: it ends at the last request that was not cancelled) and the time series;
/// 4. token totals, latency statistics, chunking and token-count agreement from successful records; output
///    tokens also count what cancelled requests received inside the window (their latencies stay out);
/// 5. error breakdown from failed records; goodput from successful records against the SLOs
///    (attainment divides by attempted requests, so a failed request is a miss);
/// 6. throughput over the steady window (<see cref="SteadyWindowEstimator"/>);
/// 7. with records naming more than one model, all of the above again over each model's records (<see cref="RunSummary.ByModel"/>).
/// </summary>
public static class RunSummarizer
{
    public static RunSummary Summarize(IReadOnlyList<RequestRecord> records, SummaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(options);

        List<RequestRecord> measured = records.Where(r => !r.Warmup).ToList();
        List<RequestRecord> successful = measured.Where(r => r.IsSuccess).ToList();
        List<RequestRecord> failed = measured.Where(r => !r.IsSuccess && r.Outcome != RequestOutcome.Cancelled).ToList();
        List<RequestRecord> cancelled = measured.Where(r => r.Outcome == RequestOutcome.Cancelled).ToList();
        RunWindow window = RunWindow.Of(measured);
        TimeSeries series = TimeSeriesBuilder.Build(measured);
        series = options.Ramp is { Kind: RampKind.Users } users ? series with { Users = TimeSeriesBuilder.ActiveUsers(series, users) } : series;

        return new RunSummary
        {
            Completed = successful.Count,
            Failed = failed.Count,
            Cancelled = cancelled.Count,
            DurationSeconds = window.Seconds,
            TotalInputTokens = successful.Sum(r => (long)r.PromptTokens),
            TotalServerInputTokens = successful.Any(r => r.ServerPromptTokens is not null)
                ? successful.Sum(r => (long)(r.ServerPromptTokens ?? 0))
                : null,
            TotalOutputTokens = successful.Sum(r => (long)r.OutputTokens)
                + cancelled.Sum(r => OutputTokenEvents.ArrivedBy(r, window.EndMs).Sum(arrival => (long)arrival.Tokens)),
            DecodeTokensPerSecondPerRequest = MeanOrNull(successful.Select(RequestLatency.DecodeTokensPerSecond)),
            Ttft = StatsOf(successful, RequestLatency.TtftMs),
            Tpot = StatsOf(successful, RequestLatency.TpotMs),
            Itl = LatencyStats.From(successful.SelectMany(RequestLatency.ItlGapsMs)),
            E2el = StatsOf(successful, RequestLatency.E2elMs),
            QueueTime = LatencyStats.From(successful.Select(RequestLatency.QueueTimeMs)),
            OpenLoopTtft = StatsOf(successful, RequestLatency.OpenLoopTtftMs),
            OpenLoopE2el = StatsOf(successful, RequestLatency.OpenLoopE2elMs),
            MeanTokensPerChunk = MeanTokensPerChunk(successful),
            ErrorsByClass = CountErrors(failed, byStatus: false),
            ErrorsByClassAndStatus = CountErrors(failed, byStatus: true),
            ErrorExamples = FirstErrors(failed),
            TokenCounts = CompareTokenCounts(successful),
            TimeSeries = series,
            Ramp = options.Ramp,
            RampTurnPoint = options.Ramp is null ? null
                : RampTurnPointFinder.Find(series, TtftOverTime.Build(measured, series).P50Ms, [.. (series.Users.Count > 0 ? series.Users : series.Offered).Select(n => (double)n)]),
            MultiTurn = MultiTurnSummary.From(measured),
            ByModel = ByModel(records, options),
            Slo = options.Slo,
            GoodRequests = options.Slo is { } slo ? successful.Count(slo.IsMetBy) : null,
            Steady = SteadyWindowEstimator.Estimate(records, options),
            SloMetByMetric = options.Slo is { } terms
                ? terms.Metrics.ToDictionary(metric => metric, metric => successful.Count(r => terms.IsMetBy(r, metric)))
                : new Dictionary<RequestSloMetric, int>(),
            MaxConcurrency = options.MaxConcurrency,
            RequestRate = options.RequestRate,
        };
    }

    // the same summariser over each model's records, so every metric has its per-model twin without twin code
    private static IReadOnlyList<ModelSummary>? ByModel(IReadOnlyList<RequestRecord> records, SummaryOptions options)
    {
        List<IGrouping<string, RequestRecord>> models = records
            .Where(r => r.Model is not null)
            .GroupBy(r => r.Model!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        return models.Count < 2 ? null : [.. models.Select(g => new ModelSummary(g.Key, Summarize(g.ToList(), options)))];
    }

    private static LatencyStats StatsOf(IEnumerable<RequestRecord> records, Func<RequestRecord, double?> metric) =>
        LatencyStats.From(records.Select(metric).OfType<double>());

    private static double? MeanOrNull(IEnumerable<double?> values)
    {
        double[] defined = values.OfType<double>().ToArray();
        return defined.Length == 0 ? null : defined.Average();
    }

    // pooled like ITL (weighted by event), so "ITL x tokens per chunk" reads as time per token
    private static double? MeanTokensPerChunk(IReadOnlyList<RequestRecord> successful)
    {
        long chunks = successful.Sum(r => (long)r.ChunkAtMs.Count);
        long tokens = successful.Where(r => r.ChunkAtMs.Count > 0).Sum(r => (long)r.OutputTokens);
        return chunks == 0 ? null : (double)tokens / chunks;
    }

    private static IReadOnlyList<ErrorCount> CountErrors(IEnumerable<RequestRecord> failed, bool byStatus) =>
        failed
            .GroupBy(r => (Class: r.Outcome.ToName(), r.Outcome, Status: byStatus ? r.HttpStatus : null))
            .OrderBy(g => g.Key.Class, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Status ?? -1)
            .Select(g => new ErrorCount(g.Key.Outcome, g.Key.Status, g.Count()))
            .ToList();

    // the lowest index, not the first to finish, so the example does not depend on timing
    private static IReadOnlyList<ErrorExample> FirstErrors(IEnumerable<RequestRecord> failed) =>
        failed
            .GroupBy(r => (Class: r.Outcome.ToName(), r.Outcome, Status: r.HttpStatus))
            .OrderBy(g => g.Key.Class, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Status ?? -1)
            .Select(g => new ErrorExample(g.Key.Outcome, g.Key.Status, g.MinBy(r => r.Index)!.ErrorMessage ?? ""))
            .ToList();

    private static TokenCountMismatch CompareTokenCounts(IEnumerable<RequestRecord> successful)
    {
        int[] differences = successful
            .Where(r => r.UsageOutputTokens is not null && r.TokenizerOutputTokens is not null)
            .Select(r => Math.Abs(r.UsageOutputTokens!.Value - r.TokenizerOutputTokens!.Value))
            .ToArray();
        int[] mismatched = differences.Where(d => d != 0).ToArray();
        return new TokenCountMismatch
        {
            Compared = differences.Length,
            Mismatched = mismatched.Length,
            MeanAbsoluteDifference = mismatched.Length == 0 ? null : mismatched.Average(),
        };
    }
}
