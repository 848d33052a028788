namespace LlmLoad.Core.Metrics;

/// <summary>
/// Every summary.json scalar, in file order, with its labels and legend: the one place metric
/// names are defined (style.md). Keys are vLLM's where vLLM reports the same quantity
/// (<c>completed</c>, <c>request_throughput</c>, <c>mean_ttft_ms</c>, <c>p99_itl_ms</c>,
/// <c>request_goodput</c>, <c>mean_client_queue_time_ms</c>, <c>p99.9_itl_ms</c>, ...); ours get new names. The peaks
/// are named <c>peak_*</c>, not vLLM's <c>max_*</c>, and labelled differently from vLLM's "Peak output token
/// throughput (tok/s)" and "Peak concurrent requests", because ours count tokens (not events) and all
/// requests (not only successful ones). Besides these scalars summary.json has the objects
/// <see cref="ErrorsKey"/>, <see cref="ErrorsByStatusKey"/> and <see cref="TimeSeriesKey"/>.
/// </summary>
public static class MetricCatalog
{
    /// <summary>summary.json object: failures by error class, e.g. <c>{"http_status": 12}</c>.</summary>
    public const string ErrorsKey = "errors";

    /// <summary>summary.json object: failures by class and HTTP status, e.g. <c>{"http_status 503": 12}</c>.</summary>
    public const string ErrorsByStatusKey = "errors_by_status";

    /// <summary>summary.json object: the 1 s series (<see cref="TimeSeries"/>) as parallel arrays.</summary>
    public const string TimeSeriesKey = "time_series";

    /// <summary>Key, inside <see cref="TimeSeriesKey"/>, of the offered load: requests scheduled per second (<see cref="TimeSeries.Offered"/>).</summary>
    public const string OfferedSeriesKey = "offered";

    /// <summary>Statistics reported for every latency metric, in file order.</summary>
    public static IReadOnlyList<LatencyStatistic> LatencyStatistics { get; } =
    [
        new("mean", "Mean", s => s.Mean),
        new("median", "Median", s => s.P50),
        new("std", "Std", s => s.Std),
        new("min", "Min", s => s.Min),
        new("p90", "P90", s => s.P90),
        new("p95", "P95", s => s.P95),
        new("p99", "P99", s => s.P99),
        // vLLM's key spelling, "p99.9_itl_ms" (benchmarks/serve.py formats the percentile as a number)
        new("p99.9", "P99.9", s => s.P99_9),
        new("max", "Max", s => s.Max),
    ];

    /// <summary>Latency metrics with full statistics, in file order.</summary>
    public static IReadOnlyList<LatencyMetric> LatencyMetrics { get; } =
    [
        new("ttft", "TTFT", "Time to First Token",
            "time to first token: first text-carrying event - sent_at, successful requests", s => s.Ttft),
        new("tpot", "TPOT", "Time per Output Token (excl. 1st token)",
            "(last token - first token) / (output tokens - 1), successful requests with more than one output token", s => s.Tpot),
        new("itl", "ITL", "Inter-token Latency",
            "gap between consecutive text-carrying events, pooled over successful requests (a multi-token event is one gap)", s => s.Itl),
        new("e2el", "E2EL", "End-to-end Latency",
            "last text-carrying event - sent_at, successful requests", s => s.E2el),
        new("client_queue_time", "Client Queue Time", "Client-side Queueing",
            "sent_at - scheduled_at: how late the client sent the request, successful requests", s => s.QueueTime),
        new("ttft_including_client_queue", "TTFT incl. Client Queue", "Queue-inclusive Time to First Token",
            "open-loop TTFT: first text-carrying event - scheduled_at, successful requests", s => s.OpenLoopTtft),
        new("e2el_including_client_queue", "E2EL incl. Client Queue", "Queue-inclusive End-to-end Latency",
            "open-loop E2EL: last text-carrying event - scheduled_at, successful requests", s => s.OpenLoopE2el),
    ];

    /// <summary>Every scalar summary.json key with its definition, in file order.</summary>
    public static IReadOnlyList<MetricDefinition> All { get; } = [.. RunMetrics(), .. LatencyDefinitions()];

    private static readonly Dictionary<string, MetricDefinition> s_byKey = All.ToDictionary(m => m.Key, StringComparer.Ordinal);

    /// <summary>The definition with summary.json key <paramref name="key"/>; throws for an unknown key.</summary>
    public static MetricDefinition Get(string key) =>
        s_byKey.TryGetValue(key, out MetricDefinition? metric)
            ? metric
            : throw new KeyNotFoundException($"no metric named \"{key}\" in the catalogue");

    public static bool TryGet(string key, out MetricDefinition? metric) => s_byKey.TryGetValue(key, out metric);

    /// <summary>The summary.json key of one statistic of one latency metric, e.g. <c>p99_ttft_ms</c>.</summary>
    public static string LatencyKey(string statistic, string metric) => $"{statistic}_{metric}_ms";

    private static IEnumerable<MetricDefinition> LatencyDefinitions() =>
        from metric in LatencyMetrics
        from statistic in LatencyStatistics
        select new MetricDefinition
        {
            Key = LatencyKey(statistic.Key, metric.Key),
            Label = $"{statistic.Label} {metric.Name} (ms)",
            Unit = "ms",
            Description = $"{statistic.Label} of {metric.Description}",
            Accessor = s => statistic.Value(metric.Stats(s)),
        };

    private static IEnumerable<MetricDefinition> RunMetrics() =>
    [
        Count("completed", "Successful requests", "requests that ended ok", s => s.Completed),
        Count("failed", "Failed requests", "requests that ended in an error class (cancelled excluded)", s => s.Failed),
        Count("cancelled", "Cancelled requests", "requests in flight when the run was stopped; neither success nor failure", s => s.Cancelled),
        Count("attempted", "Attempted requests", "successful + failed requests", s => s.Attempted),
        new() { Key = "success_rate", Label = "Success rate (%)", ShortLabel = "Success %", Unit = "fraction", DisplayScale = 100,
            Description = "successful / attempted (0 to 1; shown as a percentage)", Accessor = s => s.SuccessRate },
        Count("max_concurrency", "Maximum request concurrency", "configured concurrency limit (null when unlimited)", s => s.MaxConcurrency),
        Rate("request_rate", "Request rate configured (RPS)", "req/s", "configured arrival rate (null for a closed loop)", s => s.RequestRate),
        Rate("duration", "Benchmark duration (s)", "s", "first measured sent_at to the last measured done_at of a request that was not cancelled", s => s.DurationSeconds),
        Count("total_input_tokens", "Total input tokens", "prompt tokens of successful requests by our tokenizer", s => s.TotalInputTokens),
        Count("total_server_input_tokens", "Total input tokens (server)", "usage.prompt_tokens of successful requests, where reported", s => s.TotalServerInputTokens),
        Count("total_output_tokens", "Total generated tokens", "output tokens of successful requests (usage, else tokenizer), plus those cancelled requests received in the window", s => s.TotalOutputTokens),
        Rate("request_throughput", "Request throughput (req/s)", "req/s", "successful requests / duration", s => s.RequestsPerSecond, "Requests/s"),
        Rate("request_goodput", "Request goodput (req/s)", "req/s", "successful requests meeting every SLO / duration (null without SLOs)", s => s.GoodputRequestsPerSecond, "Goodput req/s"),
        Share("slo_attainment", "SLO attainment (%)", "SLO %",
            "requests meeting every per-request SLO / attempted (failed requests are misses; null without SLOs)", s => s.SloAttainment),
        .. RequestSloMetricNames.All.Select(metric => Share(SloAttainmentKey(metric), $"SLO attainment {metric.ToName().ToUpperInvariant()} (%)", null,
            $"requests meeting the {metric.ToName()} SLO alone / attempted (null when it has no threshold)", s => s.SloAttainmentOf(metric))),
        Rate("input_throughput", "Input token throughput (tok/s)", "tok/s", "total input tokens / duration", s => s.InputTokensPerSecond, "Input tok/s"),
        Rate("output_throughput", "Output token throughput (tok/s)", "tok/s", "total generated tokens / duration", s => s.OutputTokensPerSecond, "Output tok/s"),
        Rate("peak_output_throughput", "Busiest-second output tokens (tok/s)", "tok/s", "output tokens in the busiest 1 s bucket of the time series (tokens, not events)", s => s.PeakOutputTokensPerSecond),
        Count("peak_concurrency", "Peak in-flight requests (all outcomes)", "most requests in flight at one instant, all outcomes", s => s.PeakConcurrency),
        Rate("total_token_throughput", "Total token throughput (tok/s)", "tok/s", "(input + generated tokens) / duration", s => s.TotalTokensPerSecond),
        Rate("steady_request_throughput", "Steady request throughput (req/s)", "req/s", "successful requests per second over the steady window (null without one)", s => s.Steady?.RequestsPerSecond, "Steady req/s"),
        Rate("steady_output_throughput", "Steady output token throughput (tok/s)", "tok/s", "output tokens produced inside the steady window / its length (null without one)", s => s.Steady?.OutputTokensPerSecond, "Steady tok/s"),
        Rate("steady_window_start_s", "Steady window start (s)", "s", "closed loop: first completion once every user has sent; open loop: first scheduled_at (run clock)", s => s.Steady?.StartSeconds),
        Rate("steady_window_end_s", "Steady window end (s)", "s", "closed loop: last send; open loop: last scheduled_at (run clock)", s => s.Steady?.EndSeconds),
        Rate("output_throughput_per_user", "Output tok/s per user", "tok/s", "1000 / mean TPOT (ms)", s => s.OutputTokensPerSecondPerUser, "Output tok/s/user"),
        Rate("decode_throughput_per_request", "Mean decode tok/s per request", "tok/s", "mean over requests of (output tokens - 1) / (last token - first token)", s => s.DecodeTokensPerSecondPerRequest),
        Rate("mean_tokens_per_chunk", "Mean tokens per chunk", "tokens", "output tokens / text-carrying events, pooled over successful requests", s => s.MeanTokensPerChunk),
        Count("token_count_compared", "Requests with both token counts", "successful requests with usage and tokenizer output counts", s => s.TokenCounts.Compared),
        Count("token_count_mismatched", "Token count mismatches", "of those, requests whose usage and tokenizer counts differ", s => s.TokenCounts.Mismatched),
        Rate("token_count_mean_abs_diff", "Token count mean abs. difference", "tokens", "mean |usage - tokenizer| over mismatched requests", s => s.TokenCounts.MeanAbsoluteDifference),
    ];

    /// <summary>
    /// True for the metrics only a stream measures, from its event times: TTFT, TPOT and ITL and what derives from them.
    /// Without streaming (<c>--no-stream</c>) they are undefined, so SLO terms on them are refused.
    /// </summary>
    public static bool NeedsStream(string key) =>
        key is "output_throughput_per_user" or "mean_tokens_per_chunk"
        || LatencyMetrics.Any(metric => metric.Key is "ttft" or "tpot" or "itl" or "ttft_including_client_queue"
            && key.EndsWith($"_{metric.Key}_ms", StringComparison.Ordinal));

    /// <summary>The summary.json key of the attainment of one per-request SLO term, e.g. <c>slo_attainment_ttft</c>.</summary>
    public static string SloAttainmentKey(RequestSloMetric metric) => "slo_attainment_" + metric.ToName();

    private static MetricDefinition Share(string key, string label, string? shortLabel, string description, Func<RunSummary, double?> accessor) =>
        new() { Key = key, Label = label, ShortLabel = shortLabel, Unit = "fraction", DisplayScale = 100, Description = description + " (0 to 1; shown as a percentage)", Accessor = accessor };

    private static MetricDefinition Count(string key, string label, string description, Func<RunSummary, double?> accessor) =>
        new() { Key = key, Label = label, Unit = key.Contains("tokens") ? "tokens" : "requests", Description = description, Accessor = accessor, Decimals = 0, IsCount = true };

    private static MetricDefinition Rate(string key, string label, string unit, string description, Func<RunSummary, double?> accessor, string? shortLabel = null) =>
        new() { Key = key, Label = label, ShortLabel = shortLabel, Unit = unit, Description = description, Accessor = accessor };
}
