using LlmLoad.Core.Telemetry;

namespace LlmLoad.Core.Reporting.Plots;

/// <summary>
/// The engine's side of one run over its clock, from the scrapes of <c>server_metrics.jsonl</c>: requests running and
/// waiting, KV cache usage (%) and preemptions since the first scrape (a counter reset restarts from zero, as in the
/// summary), one line per engine page. No chart when no scrape has the metric; none at all without engine metrics. Pure.
/// </summary>
internal static class ServerTimelineChartSpecs
{
    private const string TimeLabel = "Run time (s)";

    public static IReadOnlyList<ChartSpec> Build(IReadOnlyList<ServerMetricsSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var pages = samples.Where(s => s.Engine is not null)
            .GroupBy(s => s.Url)
            .Select((page, index) => (Label: page.Key.Authority, Index: index, Samples: page.OrderBy(s => s.AtMs).ToArray()))
            .ToArray();
        // one page is the usual case: its lines need no address in the legend
        string Legend((string Label, int Index, ServerMetricsSample[] Samples) page, string what) => pages.Length == 1 ? what : $"{page.Label} {what}";
        ChartSpec[] specs =
        [
            new("server-timeline-running-waiting", "Engine: requests running and waiting over the run", "Requests",
            [
                .. pages.SelectMany(page => new[]
                {
                    Series(Legend(page, "running"), page.Index, page.Samples, s => s.Metric(CommonMetric.Running)),
                    Series(Legend(page, "waiting"), page.Index, page.Samples, s => s.Metric(CommonMetric.Waiting)) with { Secondary = true },
                }),
            ], [], XLabel: TimeLabel),
            new("server-timeline-kv-cache", "Engine: KV cache usage over the run", "KV cache usage (%)",
                [.. pages.Select(page => Series(Legend(page, "KV cache"), page.Index, page.Samples, s => s.Metric(CommonMetric.KvCacheUsage) * 100))], [],
                YMax: 100, XLabel: TimeLabel),
            new("server-timeline-preemptions", "Engine: preemptions since the run's first scrape", "Preemptions",
                [.. pages.Select(page => Series(Legend(page, "preemptions"), page.Index, page.Samples, PreemptionsSinceFirst(page.Samples)))], [], XLabel: TimeLabel),
        ];
        return [.. specs.Where(spec => spec.Series.Any(series => series.Values.Count > 0))];
    }

    /// <summary>The counter's increase from the page's first reading up to each scrape; null where a scrape lacks it.</summary>
    private static double?[] PreemptionsSinceFirst(ServerMetricsSample[] samples)
    {
        var readings = samples.Select(s => s.Metric(CommonMetric.Preemptions)).ToArray();
        return [.. readings.Select((reading, i) => reading is null ? null : ServerSummarizer.Increase(readings.Take(i + 1)))];
    }

    private static ChartSeries Series(string legend, int index, ServerMetricsSample[] samples, Func<ServerMetricsSample, double?> value) =>
        Series(legend, index, samples, [.. samples.Select(value)]);

    private static ChartSeries Series(string legend, int index, ServerMetricsSample[] samples, double?[] values)
    {
        (double X, double Y)[] points = [.. samples
            .Select((s, i) => (X: s.AtMs / 1000, Y: values[i]))
            .Where(p => p.Y is { } y && double.IsFinite(y))
            .Select(p => (p.X, p.Y!.Value))];
        return new ChartSeries(legend, ModelPalette.HexColor(index), [.. points.Select(p => p.X)], [.. points.Select(p => p.Y)]);
    }
}
