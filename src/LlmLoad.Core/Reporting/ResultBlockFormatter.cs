using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// Renders vLLM's plain-text result block (<c>vllm bench serve</c>) so our output can be read side
/// by side with it: same title, section rules, labels and layout (a 40-column left-aligned label,
/// a space, the value left-aligned in 10 columns, trailing spaces included). Our additions:
/// cancelled requests, input and per-user throughput, the steady window's throughput, P90 rows, mean tokens per chunk under ITL,
/// and a closing section with the success rate and errors by class and status. Lines that depend
/// on configuration (concurrency, rate, goodput, client queueing) appear only when it is set, as in vLLM;
/// with goodput SLOs, SLO attainment follows vLLM's goodput line, overall and per SLO term.
/// </summary>
public static class ResultBlockFormatter
{
    private const int Width = 50;
    private const int LabelWidth = 40;
    private const int ValueWidth = 10;

    private static readonly string[] s_statistics = ["mean", "median", "p90", "p99"];

    public static void Write(TextWriter writer, RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(summary);

        writer.WriteLine(Rule(" Serving Benchmark Result ", '='));
        Rows(writer, summary, "completed", "failed", "cancelled");
        if (summary.MaxConcurrency is not null)
        {
            Rows(writer, summary, "max_concurrency");
        }
        if (summary.RequestRate is not null)
        {
            Rows(writer, summary, "request_rate");
        }
        Rows(writer, summary, "duration", "total_input_tokens", "total_output_tokens", "request_throughput");
        if (summary.Slo is { } slo)
        {
            Rows(writer, summary, "request_goodput", "slo_attainment");
            Rows(writer, summary, [.. slo.Metrics.Select(MetricCatalog.SloAttainmentKey)]);
        }
        Rows(writer, summary, "input_throughput", "output_throughput", "peak_output_throughput",
            "peak_concurrency", "total_token_throughput", "output_throughput_per_user");
        if (summary.Steady is { } steady)
        {
            Rows(writer, summary, "steady_request_throughput", "steady_output_throughput");
            Row(writer, "Steady window (s)", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{steady.StartSeconds:F2} to {steady.EndSeconds:F2}"));
        }

        LatencySection(writer, summary, "ttft");
        LatencySection(writer, summary, "tpot");
        LatencySection(writer, summary, "itl");
        Rows(writer, summary, "mean_tokens_per_chunk");
        LatencySection(writer, summary, "e2el");
        if (summary.RequestRate is not null)
        {
            LatencySection(writer, summary, "client_queue_time");
            LatencySection(writer, summary, "e2el_including_client_queue");
        }

        writer.WriteLine(Rule("Success and Errors", '-'));
        Rows(writer, summary, "success_rate");
        foreach (ErrorCount error in summary.ErrorsByClassAndStatus)
        {
            Row(writer, $"Errors ({error.Label})", error.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (summary.TokenCounts.Compared > 0)
        {
            Rows(writer, summary, "token_count_mismatched");
        }
        writer.WriteLine(new string('=', Width));
    }

    private static void LatencySection(TextWriter writer, RunSummary summary, string metricKey)
    {
        LatencyMetric metric = MetricCatalog.LatencyMetrics.Single(m => m.Key == metricKey);
        writer.WriteLine(Rule(metric.Title, '-'));
        foreach (string statistic in s_statistics)
        {
            Rows(writer, summary, MetricCatalog.LatencyKey(statistic, metric.Key));
        }
    }

    private static void Rows(TextWriter writer, RunSummary summary, params string[] keys)
    {
        foreach (string key in keys)
        {
            MetricDefinition metric = MetricCatalog.Get(key);
            Row(writer, metric.Label, metric.Format(summary));
        }
    }

    // Python's "{:<40} {:<10}".format(label + ":", value)
    private static void Row(TextWriter writer, string label, string value) =>
        writer.WriteLine((label + ":").PadRight(LabelWidth) + " " + value.PadRight(ValueWidth));

    // Python's "{s:{c}^{n}}".format(s=title, n=50, c=fill): an odd leftover goes to the right
    private static string Rule(string title, char fill)
    {
        int padding = Math.Max(0, Width - title.Length);
        int left = padding / 2;
        return new string(fill, left) + title + new string(fill, padding - left);
    }
}
