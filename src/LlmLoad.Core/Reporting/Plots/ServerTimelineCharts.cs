using LlmLoad.Core.Telemetry;

namespace LlmLoad.Core.Reporting.Plots;

/// <summary>
/// Renders the engine's metrics over one run's clock (see <see cref="ServerTimelineChartSpecs"/>): PNG and SVG files,
/// or SVG documents in memory for an HTML report. File stems: <c>server-timeline-running-waiting</c>,
/// <c>server-timeline-kv-cache</c>, <c>server-timeline-preemptions</c>. Input: the scrapes of
/// <c>server_metrics.jsonl</c> (<see cref="ServerMetricsJsonl.Read"/>); no engine metrics, no charts.
/// </summary>
public static class ServerTimelineCharts
{
    /// <summary>The directory inside a run's directory that holds its charts.</summary>
    public const string DirectoryName = "charts";

    public static IReadOnlyList<ChartFile> Render(IReadOnlyList<ServerMetricsSample> samples, string directory, ChartOptions? options = null)
    {
        var specs = ServerTimelineChartSpecs.Build(samples);
        return specs.Count == 0 ? [] : ChartWriter.Render(specs, directory, ChartWriter.Checked(options));
    }

    public static IReadOnlyList<RenderedChart> RenderSvg(IReadOnlyList<ServerMetricsSample> samples, ChartOptions? options = null) =>
        ChartWriter.RenderSvg(ServerTimelineChartSpecs.Build(samples), ChartWriter.Checked(options));

    /// <summary>
    /// Reads a run directory's <c>server_metrics.jsonl</c> and writes its charts into the run's <c>charts/</c>; nothing
    /// when the run scraped no engine.
    /// </summary>
    public static IReadOnlyList<ChartFile> WriteForRun(string runDirectory, ChartOptions? options = null)
    {
        var path = Path.Combine(runDirectory, ServerMetricsJsonl.FileName);
        if (!File.Exists(path))
        {
            return [];
        }
        using var reader = new StreamReader(path);
        return Render(ServerMetricsJsonl.Read(reader), Path.Combine(runDirectory, DirectoryName), options);
    }
}
