using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// The table of a repeated run: one row per headline metric, one column per repeat, then the mean ± 95% CI
/// half-width and the std over repeats, so a reader sees both the interval and the runs behind it.
/// </summary>
public static class RepeatTable
{
    /// <summary>The rows, as summary.json keys; the goodput keys are added when the run had per-request SLOs.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "success_rate", "request_throughput", "steady_request_throughput", "output_throughput", "steady_output_throughput",
        "mean_ttft_ms", "p99_ttft_ms", "mean_tpot_ms", "p99_tpot_ms", "mean_itl_ms", "p99_e2el_ms",
    ];

    public static ReportTable Build(string title, RepeatAggregate aggregate)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        bool slo = aggregate.Runs.Any(r => r.Slo is not null);
        string[] keys = slo ? [.. Keys.Take(3), "request_goodput", "slo_attainment", .. Keys.Skip(3)] : [.. Keys];
        ReportColumn[] columns =
        [
            .. aggregate.Runs.Select((_, i) => new ReportColumn($"r{i + 1}", $"Repeat {i + 1}", "this repeat's own value")),
            new("mean_ci95", "Mean ± 95% CI", "mean over repeats ± half-width of its 95% confidence interval (Student's t)"),
            new("std", "Std", "sample standard deviation over repeats"),
        ];
        ReportRow[] rows = [.. keys.Select(MetricCatalog.Get).Select(metric => new ReportRow(metric.Label,
        [
            .. aggregate.Runs.Select(run => new ReportCell(metric.ValueOf(run), metric.Format(run))),
            new(aggregate[metric.Key]?.Mean, metric.Format(aggregate[metric.Key])),
            new(aggregate[metric.Key]?.Std, metric.Format(aggregate[metric.Key]?.Std)),
        ]))];
        return new ReportTable(title, "Metric", columns, rows, "Every metric's mean, std and interval over repeats are in summary.json (\"aggregate\").");
    }
}
