namespace LlmLoad.Core.Metrics;

/// <summary>
/// Every aggregate of one run, computed by <see cref="RunSummarizer"/> from the measured records
/// (warm-up excluded) as metrics.md defines them. Which records count:
/// <list type="bullet">
/// <item>Counts: successful (<see cref="Completed"/>), failed and cancelled are disjoint; cancelled
/// requests are neither a success nor a failure.</item>
/// <item>Latency statistics (client queue time included), token totals and throughputs: successful requests only,
/// as vLLM does; output tokens also count those cancelled requests received inside the window.</item>
/// <item>Duration and the time series: the <see cref="RunWindow"/>, which ends at the last request that was not
/// cancelled; in flight counts every measured request, whatever its outcome.</item>
/// </list>
/// Values that cannot be computed (no successful request, zero duration) are null, not 0.
/// <see cref="MetricCatalog"/> names each value for the exporters.
/// </summary>
public sealed record RunSummary
{
    /// <summary>Successful requests (vLLM's <c>completed</c>).</summary>
    public int Completed { get; init; }

    /// <summary>Requests that ended in an error class other than <c>cancelled</c>.</summary>
    public int Failed { get; init; }

    /// <summary>Requests still in flight when the run was stopped; not failures.</summary>
    public int Cancelled { get; init; }

    /// <summary>Successful plus failed requests (cancelled excluded).</summary>
    public int Attempted => Completed + Failed;

    /// <summary>Successful / attempted, as a fraction from 0 to 1; null with nothing attempted.</summary>
    public double? SuccessRate => Attempted == 0 ? null : (double)Completed / Attempted;

    /// <summary>First measured <c>sent_at</c> to the last measured <c>done_at</c> of a request that was not cancelled.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Sum of our prompt token counts over successful requests.</summary>
    public long TotalInputTokens { get; init; }

    /// <summary>Sum of <c>usage.prompt_tokens</c> over successful requests that reported it; null if none did.</summary>
    public long? TotalServerInputTokens { get; init; }

    /// <summary>Sum of output tokens (usage count, else tokenizer count) over successful requests, plus the tokens cancelled requests received inside the window.</summary>
    public long TotalOutputTokens { get; init; }

    /// <summary>Successful requests per second of duration.</summary>
    public double? RequestsPerSecond => PerSecond(Completed);

    public double? InputTokensPerSecond => PerSecond(TotalInputTokens);

    public double? OutputTokensPerSecond => PerSecond(TotalOutputTokens);

    /// <summary>Input plus output tokens per second.</summary>
    public double? TotalTokensPerSecond => PerSecond(TotalInputTokens + TotalOutputTokens);

    /// <summary>1000 / mean TPOT (ms): the published study's and FIB's "output tok/s per user".</summary>
    public double? OutputTokensPerSecondPerUser => Tpot.Mean is > 0 and { } meanTpotMs ? 1000 / meanTpotMs : null;

    /// <summary>Mean over successful requests of (output_tokens - 1) / (last_token_at - first_token_at), tok/s.</summary>
    public double? DecodeTokensPerSecondPerRequest { get; init; }

    public LatencyStats Ttft { get; init; } = LatencyStats.Empty;

    /// <summary>TPOT over successful requests with more than one output token.</summary>
    public LatencyStats Tpot { get; init; } = LatencyStats.Empty;

    /// <summary>ITL gaps of all successful requests pooled (one sample per event after the first).</summary>
    public LatencyStats Itl { get; init; } = LatencyStats.Empty;

    public LatencyStats E2el { get; init; } = LatencyStats.Empty;

    /// <summary>Client queue time, sent_at - scheduled_at.</summary>
    public LatencyStats QueueTime { get; init; } = LatencyStats.Empty;

    /// <summary>TTFT measured from scheduled_at (coordinated-omission-free).</summary>
    public LatencyStats OpenLoopTtft { get; init; } = LatencyStats.Empty;

    /// <summary>E2EL measured from scheduled_at (coordinated-omission-free).</summary>
    public LatencyStats OpenLoopE2el { get; init; } = LatencyStats.Empty;

    /// <summary>Output tokens per text-carrying event, pooled over successful requests (1 when the server streams token by token).</summary>
    public double? MeanTokensPerChunk { get; init; }

    /// <summary>Failures per error class, sorted by class name.</summary>
    public IReadOnlyList<ErrorCount> ErrorsByClass { get; init; } = [];

    /// <summary>Failures per error class and HTTP status, sorted by class then status.</summary>
    public IReadOnlyList<ErrorCount> ErrorsByClassAndStatus { get; init; } = [];

    /// <summary>One recorded message per entry of <see cref="ErrorsByClassAndStatus"/>, in the same order.</summary>
    public IReadOnlyList<ErrorExample> ErrorExamples { get; init; } = [];

    public TokenCountMismatch TokenCounts { get; init; } = new();

    public TimeSeries TimeSeries { get; init; } = TimeSeries.Empty;

    /// <summary>The most requests in flight at once (from <see cref="TimeSeries"/>).</summary>
    public int PeakConcurrency => TimeSeries.PeakInFlight;

    /// <summary>The busiest second's output tokens (from <see cref="TimeSeries"/>).</summary>
    public double PeakOutputTokensPerSecond => TimeSeries.PeakOutputTokensPerSecond;

    /// <summary>The SLOs goodput was measured against; null when none were given.</summary>
    public RequestSlo? Slo { get; init; }

    /// <summary>Successful requests meeting every SLO; null without SLOs.</summary>
    public int? GoodRequests { get; init; }

    /// <summary>Good requests per second of duration; null without SLOs.</summary>
    public double? GoodputRequestsPerSecond => GoodRequests is { } good ? PerSecond(good) : null;

    /// <summary>Statistics by turn and by session of a multi-turn run; null when no record carries a session.</summary>
    public MultiTurnSummary? MultiTurn { get; init; }

    /// <summary>
    /// Every metric per model, in model-name order, when the records name more than one model (<c>--model a:3,b:1</c>);
    /// null otherwise. Each model's figures come from its records alone, over its own window.
    /// </summary>
    public IReadOnlyList<ModelSummary>? ByModel { get; init; }

    /// <summary>Throughput over the steady window (all users busy, or the arrival schedule running); null when the run has none.</summary>
    public SteadyWindow? Steady { get; init; }

    /// <summary>
    /// Good requests / attempted requests (0 to 1): failed requests count as misses, cancelled ones
    /// are left out, as in <see cref="SuccessRate"/>; null without SLOs or with nothing attempted.
    /// </summary>
    public double? SloAttainment => GoodRequests is { } good ? ShareOfAttempted(good) : null;

    /// <summary>Per metric of <see cref="Slo"/>: successful requests meeting that threshold alone; empty without SLOs.</summary>
    public IReadOnlyDictionary<RequestSloMetric, int> SloMetByMetric { get; init; } = new Dictionary<RequestSloMetric, int>();

    /// <summary>Share of attempted requests meeting the threshold of <paramref name="metric"/> (0 to 1); null when it has none.</summary>
    public double? SloAttainmentOf(RequestSloMetric metric) =>
        SloMetByMetric.TryGetValue(metric, out int met) ? ShareOfAttempted(met) : null;

    /// <summary>Configuration echo: the concurrency limit, or null.</summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>Configuration echo: the arrival rate in requests per second, or null.</summary>
    public double? RequestRate { get; init; }

    /// <summary>The ramp the run followed; null for a steady load.</summary>
    public LoadRamp? Ramp { get; init; }

    /// <summary>Where a ramp's run turned (<see cref="RampTurnPointFinder"/>); null without a ramp or a turn.</summary>
    public RampTurnPoint? RampTurnPoint { get; init; }

    private double? PerSecond(double amount) => DurationSeconds > 0 ? amount / DurationSeconds : null;

    private double? ShareOfAttempted(int count) => Attempted > 0 ? (double)count / Attempted : null;
}
