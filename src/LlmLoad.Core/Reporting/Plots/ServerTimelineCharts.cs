using LlmLoad.Core.Reporting;
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
    public static IReadOnlyList<ChartFile> Render(IReadOnlyList<ServerMetricsSample> samples, string directory, ChartOptions? options = null)
    {
        var specs = ServerTimelineChartSpecs.Build(samples);
        return specs.Count == 0 ? [] : ChartWriter.Render(specs, directory, ChartWriter.Checked(options));
    }

    public static IReadOnlyList<RenderedChart> RenderSvg(IReadOnlyList<ServerMetricsSample> samples, ChartOptions? options = null) =>
        ChartWriter.RenderSvg(ServerTimelineChartSpecs.Build(samples), ChartWriter.Checked(options));

    /// <summary>
    /// Reads a run directory's <c>server_metrics.jsonl</c>, writes its charts into the run's <c>charts/</c> and returns
    /// them as the run report's "Engine metrics over time" section; nothing when the run scraped no engine.
    /// </summary>
    public static (RenderedChartSection? Section, IReadOnlyList<ChartFile> Files) WriteForRun(string runDirectory, ChartOptions? options = null)
    {
        var path = Path.Combine(runDirectory, ServerMetricsJsonl.FileName);
        if (!File.Exists(path))
        {
            return (null, []);
        }
        IReadOnlyList<ServerMetricsSample> samples;
        using (var reader = new StreamReader(path))
        {
            samples = ServerMetricsJsonl.Read(reader);
        }
        var files = Render(samples, Path.Combine(runDirectory, SweepReportWriter.ChartsDirectoryName), options);
        return files.Count == 0
            ? (null, [])
            : (new RenderedChartSection("engine", "Engine metrics over time", RenderSvg(samples, options)), files);
    }
}
