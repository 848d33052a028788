namespace LlmLoad.Core.Metrics;

/// <summary>
/// Run-level SLOs for sweeps ("max concurrency within SLO"), parsed from text such as
/// <c>ttft_p99&lt;=2000,tpot_mean&lt;=50ms,success_rate&gt;=99%</c>. A name is either a latency
/// metric and a statistic (<c>{metric}_{statistic}</c>: ttft, tpot, itl, e2el, client_queue_time,
/// ... with mean, median/p50, std, min, p90, p95, p99, p99.9/p99_9, max) or any
/// <see cref="MetricCatalog"/> key (<c>p99_ttft_ms</c>, <c>request_throughput</c>). Times take
/// ms (default) or s; <c>success_rate</c> takes a fraction or a percentage.
/// </summary>
public sealed record SloSet(IReadOnlyList<SloCondition> Conditions)
{
    private static readonly Dictionary<string, string> s_statisticAliases = new(StringComparer.Ordinal)
    {
        ["p50"] = "median",
        // summary.json before vLLM's spelling was adopted
        ["p99_9"] = "p99.9",
        ["avg"] = "mean",
    };

    public SloEvaluation Evaluate(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new SloEvaluation(Conditions.Select(c => c.Evaluate(summary)).ToList());
    }

    /// <summary>Parses comma-separated conditions; returns false with every problem found.</summary>
    public static bool TryParse(string text, out SloSet? set, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        var conditions = new List<SloCondition>();
        foreach (SloTerm term in SloTermParser.Parse(text, problems))
        {
            if (Resolve(term.Name) is not { } metric)
            {
                problems.Add($"SLO \"{term.Text}\": unknown metric \"{term.Name}\"; expected e.g. ttft_p99, tpot_mean, e2el_p90, success_rate or a summary.json key.");
                continue;
            }
            if (Threshold(term, metric) is not { } threshold)
            {
                problems.Add($"SLO \"{term.Text}\": unit \"{term.Unit}\" does not fit {metric.Key}, which is in {metric.Unit}.");
                continue;
            }
            conditions.Add(new SloCondition(metric, term.Comparison, threshold));
        }
        errors = problems;
        set = problems.Count == 0 ? new SloSet(conditions) : null;
        return set is not null;
    }

    /// <summary>The conditions on metrics that only a stream measures (<see cref="MetricCatalog.NeedsStream"/>).</summary>
    public IReadOnlyList<SloCondition> StreamOnlyConditions() => [.. Conditions.Where(c => MetricCatalog.NeedsStream(c.Metric.Key))];

    /// <summary>The conditions as catalogue keys, e.g. <c>p99_ttft_ms&lt;=2000,mean_tpot_ms&lt;=50</c>; parses back to an equal set.</summary>
    public override string ToString() => string.Join(",", Conditions);

    private static MetricDefinition? Resolve(string name)
    {
        if (MetricCatalog.TryGet(name, out MetricDefinition? direct))
        {
            return direct;
        }
        if (name.StartsWith("p99_9_", StringComparison.Ordinal))
        {
            // the key summary.json used before vLLM's spelling, p99.9_*, was adopted
            return Resolve("p99.9_" + name["p99_9_".Length..]);
        }
        foreach (LatencyMetric metric in MetricCatalog.LatencyMetrics)
        {
            if (!name.StartsWith(metric.Key + "_", StringComparison.Ordinal))
            {
                continue;
            }
            string statistic = name[(metric.Key.Length + 1)..];
            statistic = s_statisticAliases.GetValueOrDefault(statistic, statistic);
            if (MetricCatalog.TryGet(MetricCatalog.LatencyKey(statistic, metric.Key), out MetricDefinition? latency))
            {
                return latency;
            }
        }
        return null;
    }

    private static double? Threshold(SloTerm term, MetricDefinition metric) => (metric.Unit, term.Unit) switch
    {
        ("ms", _) => term.ValueMs,
        ("s", "" or "s") => term.Value,
        ("s", "ms") => term.Value / 1000,
        ("fraction", "%") => term.Value / 100,
        (_, "") => term.Value,
        _ => null,
    };
}
