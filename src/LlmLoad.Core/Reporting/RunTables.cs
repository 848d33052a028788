using System.Globalization;
using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// The tables of one run's report, the console's result block as rows and cells: counts and throughputs, latency
/// statistics (one row per metric), goodput and SLO attainment when SLOs were set, failures by class and status with
/// what the first of each said, and the client's own health. Cells are formatted by <see cref="MetricCatalog"/>. Pure.
/// </summary>
public static class RunTables
{
    private static readonly string[] s_latencyStatistics = ["mean", "median", "p90", "p95", "p99", "p99.9", "max"];

    private static readonly ReportColumn s_value = new("value", "Value", "The run's value of the metric.");

    /// <summary>Counts, duration, tokens and throughputs, in the result block's order.</summary>
    public static ReportTable Results(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        string[] keys =
        [
            "completed", "failed", "cancelled", "success_rate",
            .. summary.MaxConcurrency is null ? Array.Empty<string>() : ["max_concurrency"],
            .. summary.RequestRate is null ? Array.Empty<string>() : ["request_rate"],
            "duration", "total_input_tokens", "total_output_tokens", "request_throughput", "input_throughput", "output_throughput",
            "peak_output_throughput", "peak_concurrency", "total_token_throughput", "output_throughput_per_user",
            .. summary.Steady is null ? Array.Empty<string>() : ["steady_request_throughput", "steady_output_throughput"],
            "mean_tokens_per_chunk",
            .. summary.TokenCounts.Compared > 0 ? ["token_count_mismatched"] : Array.Empty<string>(),
        ];
        return ByMetric("Results", keys, summary, "Throughputs count successful requests over the run's duration.");
    }

    /// <summary>One row per latency metric (the client-queue ones for an open loop), one column per statistic, in ms.</summary>
    public static ReportTable Latency(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        LatencyStatistic[] statistics = [.. s_latencyStatistics.Select(k => MetricCatalog.LatencyStatistics.Single(s => s.Key == k))];
        string[] metrics = ["ttft", "tpot", "itl", "e2el", .. summary.RequestRate is null ? Array.Empty<string>() : ["client_queue_time", "ttft_including_client_queue", "e2el_including_client_queue"]];
        ReportRow[] rows = [.. MetricCatalog.LatencyMetrics.Where(m => metrics.Contains(m.Key)).Select(metric => new ReportRow(metric.Name,
            [.. statistics.Select(statistic => Cell(MetricCatalog.Get(MetricCatalog.LatencyKey(statistic.Key, metric.Key)), summary))]))];
        ReportColumn[] columns = [.. statistics.Select(s => new ReportColumn(s.Key, s.Label + " (ms)", s.Label + " over successful requests."))];
        return new ReportTable("Latency (ms)", "Metric", columns, rows, "Over successful requests; ITL pools every gap between text-carrying events.");
    }

    /// <summary>Goodput and attainment, overall and per SLO term; null without SLOs.</summary>
    public static ReportTable? Goodput(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Slo is not { } slo)
        {
            return null;
        }
        string[] keys = ["request_goodput", "slo_attainment", .. slo.Metrics.Select(MetricCatalog.SloAttainmentKey)];
        return ByMetric("Goodput and SLOs", keys, summary, $"SLOs: {slo}. Attainment counts failed requests as misses.");
    }

    /// <summary>Failures per error class and HTTP status, with the first such request's message; null when none failed.</summary>
    public static ReportTable? Errors(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.ErrorsByClassAndStatus.Count == 0)
        {
            return null;
        }
        ReportRow[] rows = [.. summary.ErrorsByClassAndStatus.Select((error, i) => new ReportRow(error.Label,
        [
            new ReportCell(error.Count, error.Count.ToString(CultureInfo.InvariantCulture)),
            new ReportCell(null, i < summary.ErrorExamples.Count ? summary.ErrorExamples[i].Message : ""),
        ]))];
        return new ReportTable("Errors", "Class and status", [
            new("count", "Requests", "Measured requests that failed this way."),
            new("example", "First message", "What the first such request (lowest index) said."),
        ], rows, "Error classes as defined in docs/errors.md; cancelled requests are not failures.");
    }

    /// <summary>How busy the load generator was, and its warnings (or that it kept up) as the caption.</summary>
    public static ReportTable ClientHealth(ClientHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        var rows = new List<ReportRow>
        {
            Row("CPU (% of machine)", health.CpuFractionOfMachine * 100, 1),
            Row("CPU per request (ms)", health.CpuMsPerRequest, 3),
            Row("Timer lag p99 (ms)", health.TimerLagP99Ms, 2),
            Row("Timer lag max (ms)", health.TimerLagMaxMs, 2),
            Row("GC pauses (% of run)", health.GcPauseFraction * 100, 2),
            Row("Slowest token count (ms)", health.SlowestTokenCountMs, 1),
        };
        if (health.Pace is { } pace)
        {
            rows.Add(Row("Scheduled rate (req/s)", pace.ScheduledPerSecond, 2));
            rows.Add(Row("Achieved send rate (req/s)", pace.AchievedPerSecond, 2));
            rows.Add(Row("Send lag p99 (ms)", pace.LagP99Ms, 2));
        }
        if (health.Connections is { } connections)
        {
            rows.Add(Row("Connections opened before the run", connections.Opened, 0));
            rows.Add(Row("Connections that failed to open", connections.Failed, 0));
            rows.Add(Row("Connect p99 (ms)", connections.ConnectP99Ms, 1));
            rows.Add(Row("Connect max (ms)", connections.ConnectMaxMs, 1));
        }
        IReadOnlyList<string> warnings = health.Warnings();
        string caption = warnings.Count == 0 ? "The client kept up: no warning." : "Warnings: " + string.Join(" ", warnings);
        return new ReportTable("Client health", "Measure", [s_value], rows, caption);
    }

    private static ReportTable ByMetric(string title, IReadOnlyList<string> keys, RunSummary summary, string caption) =>
        new(title, "Metric", [s_value], [.. keys.Select(MetricCatalog.Get).Select(m => new ReportRow(m.Label, [Cell(m, summary)]))], caption);

    private static ReportCell Cell(MetricDefinition metric, RunSummary summary) => new(metric.ValueOf(summary), metric.Format(summary));

    private static ReportRow Row(string label, double? value, int decimals) => new(label,
    [
        new ReportCell(value, value is { } v && double.IsFinite(v)
            ? v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : MetricDefinition.NotAvailable),
    ]);
}
