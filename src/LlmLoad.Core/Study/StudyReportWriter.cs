using System.Globalization;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Reporting.Plots;

namespace LlmLoad.Core.Study;

/// <summary>
/// Writes a study's pictures and tables into its directory: <c>tables.md</c> (the published study's two
/// tables over the baselines, the sweep verdicts and each target's reading, and the split by model of a target
/// with a model mix, as report.html's), the charts over all targets (PNG and SVG) and one <c>report.html</c>.
/// study.json is written by the caller.
/// </summary>
public static class StudyReportWriter
{
    public const string TablesFileName = "tables.md";

    public static IReadOnlyList<ChartFile> Write(string directory, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Directory.CreateDirectory(directory);
        using (var tables = new StreamWriter(Path.Combine(directory, TablesFileName)))
        {
            WriteTables(tables, results);
        }
        StudyDocument document = results.Document;
        // a quick run says so in the heading, so a screenshot of it is not taken for a full study
        string quick = document.RequestsScale < 1 ? string.Create(CultureInfo.InvariantCulture, $" (quick run: requests x{document.RequestsScale:0.###})") : "";
        return SweepReportWriter.Write(directory, $"llmload study: {document.Name}{quick}", results.Models, results.Baselines,
            document.BaselineConcurrency, document.Configuration, document.StartedAt, document.ToolVersion);
    }

    /// <summary>tables.md: Markdown that reads as plain text too; no wall-clock times, so two renderings of one study are equal.</summary>
    public static void WriteTables(TextWriter writer, StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(results);
        StudyDocument document = results.Document;
        writer.WriteLine($"# llmload study: {document.Name}");
        writer.WriteLine();
        if (document.RequestsScale < 1)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Quick run: request counts scaled by {document.RequestsScale:0.###} (at least one request per user and 20 per level)."));
            writer.WriteLine();
        }
        if (document.Interrupted)
        {
            writer.WriteLine("Interrupted: the study was stopped before every target finished.");
            writer.WriteLine();
        }
        if (results.Baselines.Count > 0)
        {
            string at = document.BaselineConcurrency is { } c ? string.Create(CultureInfo.InvariantCulture, $" at max concurrency {c}") : "";
            writer.WriteLine($"## Baseline{at}");
            writer.WriteLine();
            ThroughputLatencyTables tables = ThroughputLatencyTables.From(results.Baselines);
            MarkdownTableWriter.Write(writer, tables.Throughput);
            writer.WriteLine();
            MarkdownTableWriter.Write(writer, tables.Latency);
            writer.WriteLine();
            WriteAll(writer, ModelTables.ByModel(results.Baselines));
        }
        if (results.Models.Count > 0)
        {
            writer.WriteLine("## Concurrency sweep");
            writer.WriteLine();
            MarkdownTableWriter.Write(writer, SweepTables.Verdicts(results.Models));
            writer.WriteLine();
            foreach (var model in results.Models.Where(m => m.Analysis is not null))
            {
                writer.WriteLine($"- **{model.Label}**: {model.Analysis!.Reading}");
            }
        }
        foreach (StudyTargetResult failed in document.Targets.Where(t => t.Error is not null))
        {
            writer.WriteLine($"- **{failed.Name}**: no results ({failed.Error})");
        }
        // after the readings and the failed targets, which make one list
        if (ModelTables.Levels(results.Models) is { Count: > 0 } byModel)
        {
            writer.WriteLine();
            writer.WriteLine("## By model");
            writer.WriteLine();
            WriteAll(writer, byModel);
        }
    }

    private static void WriteAll(TextWriter writer, IReadOnlyList<ReportTable> tables)
    {
        foreach (ReportTable table in tables)
        {
            MarkdownTableWriter.Write(writer, table);
            writer.WriteLine();
        }
    }
}
