using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting.Html;
using LlmLoad.Core.Reporting.Plots;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// Writes the pictures of one run into its directory: every chart of <see cref="RunChartSpecs"/> (and, when the run
/// scraped an engine, <see cref="ServerTimelineCharts"/>) as PNG and SVG in <c>charts/</c>, and the self-contained <c>report.html</c> (<see cref="RunHtmlReport"/>). Called after a run, and by
/// <c>llmload report</c> on a saved run, with the same records, so both write the same page.
/// </summary>
public static class RunReportWriter
{
    /// <summary>The report of a saved run, drawn again from its files into its directory.</summary>
    /// <param name="shards">A merged run's per-shard table, read back from its summary.json; null for one process's run.</param>
    public static IReadOnlyList<ChartFile> Write(SavedRun run, ReportTable? shards = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Write(run.Directory,
            Input(run.Label, run.Summary, run.ClientHealth, run.Interrupted, run.Configuration, run.ToolVersion, run.StartedAt) with { Shards = shards },
            run.Records);
    }

    /// <summary>The page heading: <c>llmload run: MODEL</c>.</summary>
    public static string Title(string label) => "llmload run: " + label;

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
        // the engine's own metrics over the run's clock, when an engine's /metrics answered during the run
        var (engine, engineFiles) = ServerTimelineCharts.WriteForRun(directory);
        RunHtmlReport.Write(html, input with { ChartSections = [.. sections, .. engine is null ? [] : new[] { engine }, .. input.ChartSections] });
        return [.. files, .. engineFiles];
    }

    /// <summary>The page's input from what a run knows (a run just finished, or one read back from its files).</summary>
    public static RunReportInput Input(
        string label, RunSummary summary, ClientHealth? health, bool interrupted, JsonObject? configuration, string? toolVersion, DateTimeOffset? startedAt) => new()
        {
            Title = Title(label),
            Label = label,
            Summary = summary,
            ClientHealth = health,
            Interrupted = interrupted,
            Configuration = configuration,
            ToolVersion = toolVersion,
            StartedAt = startedAt,
        };
}
