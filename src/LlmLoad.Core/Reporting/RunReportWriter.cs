using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting.Html;
using LlmLoad.Core.Reporting.Plots;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// Writes the pictures of one run into its directory: every chart of <see cref="RunChartSpecs"/> as PNG and SVG in
/// <c>charts/</c>, and the self-contained <c>report.html</c> (<see cref="RunHtmlReport"/>). Called after a run, and by
/// <c>llmload report</c> on a saved run, with the same records, so both write the same page.
/// </summary>
public static class RunReportWriter
{
    /// <summary>Writes the charts and the page; returns the chart files.</summary>
    /// <param name="records">The run's records, warm-up included (left out here, as the summary left them out).</param>
    public static IReadOnlyList<ChartFile> Write(string directory, RunReportInput input, IReadOnlyList<RequestRecord> records)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(records);
        Directory.CreateDirectory(directory);
        RequestRecord[] measured = [.. records.Where(r => !r.Warmup)];
        var (sections, files) = RunCharts.Render(RunChartSpecs.Build(input.Summary, measured), Path.Combine(directory, SweepReportWriter.ChartsDirectoryName));
        using var html = new StreamWriter(Path.Combine(directory, SweepReportWriter.ReportFileName));
        RunHtmlReport.Write(html, input with { ChartSections = [.. sections, .. input.ChartSections] });
        return files;
    }
}
