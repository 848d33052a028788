using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting.Html;
using LlmLoad.Core.Reporting.Plots;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Reporting;

/// <summary>Writes the pictures of one sweep or a study: every chart as PNG and SVG, and the self-contained <c>report.html</c>.</summary>
public static class SweepReportWriter
{
    public const string ReportFileName = "report.html";
    public const string ChartsDirectoryName = "charts";

    public static IReadOnlyList<ChartFile> Write(
        string directory,
        string title,
        IReadOnlyList<ModelSweep> models,
        IReadOnlyList<LabeledSummary> baseline,
        int? baselineConcurrency,
        JsonNode? configuration,
        DateTimeOffset startedAt,
        string toolVersion,
        IReadOnlyList<ReportTable>? shards = null)
    {
        Directory.CreateDirectory(directory);
        var charts = SweepCharts.Render(models, Path.Combine(directory, ChartsDirectoryName));
        using var html = new StreamWriter(Path.Combine(directory, ReportFileName));
        HtmlReport.Write(html, new ReportInput
        {
            Title = title,
            Models = models,
            Charts = SweepCharts.RenderSvg(models),
            Baseline = baseline,
            BaselineConcurrency = baselineConcurrency,
            Configuration = configuration,
            ToolVersion = toolVersion,
            StartedAt = startedAt,
            Shards = shards ?? [],
        });
        return charts;
    }
}
