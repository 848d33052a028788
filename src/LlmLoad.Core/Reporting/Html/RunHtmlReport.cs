using System.Globalization;
using LlmLoad.Core.Reporting.Plots;

namespace LlmLoad.Core.Reporting.Html;

/// <summary>
/// Writes one run's report.html, self-contained like the sweep's (<see cref="HtmlReport"/>: inline CSS and SVG, no
/// scripts, nothing fetched). Sections, in order: the title; summary (the published study's two tables and the result
/// table, one row per model under "all models" when the run mixed models); a merged run's shards; latency statistics; the by-model table of a
/// model mix; goodput and SLOs when set; the chart sections (distributions, the run over time, and
/// whatever further sections the input carries); the by-turn table of a multi-turn run; client health; errors by class
/// and status; the run configuration.
/// </summary>
public static class RunHtmlReport
{
    public static void Write(TextWriter writer, RunReportInput input)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(input);

        HtmlReport.Open(writer, input.Title);
        Header(writer, input);
        HtmlReport.Section(writer, "summary", "Summary", () =>
        {
            // split by model as the console's tables are, when the run mixed models
            ThroughputLatencyTables seed = ThroughputLatencyTables.From(ModelTables.Rows(input.Label, input.Summary));
            HtmlTableWriter.Write(writer, seed.Throughput);
            HtmlTableWriter.Write(writer, seed.Latency);
            HtmlTableWriter.Write(writer, RunTables.Results(input.Summary));
        });
        if (input.Shards is { } shards)
        {
            HtmlReport.Section(writer, "shards", "Shards", () => HtmlTableWriter.Write(writer, shards));
        }
        HtmlReport.Section(writer, "latency", "Latency", () => HtmlTableWriter.Write(writer, RunTables.Latency(input.Summary)));
        if (ModelTables.ByModel(input.Summary) is { } byModel)
        {
            HtmlReport.Section(writer, "by-model", "By model", () => HtmlTableWriter.Write(writer, byModel));
        }
        if (RunTables.Goodput(input.Summary) is { } goodput)
        {
            HtmlReport.Section(writer, "goodput", "Goodput", () => HtmlTableWriter.Write(writer, goodput));
        }
        foreach (RenderedChartSection section in input.ChartSections)
        {
            HtmlReport.Section(writer, section.Id, section.Heading, () => HtmlReport.Figures(writer, section.Charts));
        }
        if (TurnTable.From(input.Summary) is { } turns)
        {
            HtmlReport.Section(writer, "turns", "By turn", () => HtmlTableWriter.Write(writer, turns));
        }
        HtmlReport.Section(writer, "client-health", "Client health", () =>
        {
            if (input.ClientHealth is { } health)
            {
                HtmlTableWriter.Write(writer, RunTables.ClientHealth(health));
            }
            else if (input.Shards is not null)
            {
                writer.WriteLine("<p>One client per shard: see Shards.</p>");
            }
            else
            {
                writer.WriteLine("<p>Not recorded.</p>");
            }
        });
        HtmlReport.Section(writer, "errors", "Errors", () =>
        {
            if (RunTables.Errors(input.Summary) is { } errors)
            {
                HtmlTableWriter.Write(writer, errors);
            }
            else
            {
                writer.WriteLine("<p>No measured request failed.</p>");
            }
        });
        HtmlReport.Configuration(writer, input.Configuration);
        HtmlReport.Close(writer, input.ToolVersion);
    }

    private static void Header(TextWriter writer, RunReportInput input)
    {
        writer.WriteLine($"<header><h1>{HtmlReport.Encode(input.Title)}</h1>");
        string requests = input.Summary.Attempted.ToString(CultureInfo.InvariantCulture) + " requests measured";
        writer.WriteLine($"<p class=\"meta\">{HtmlReport.Encode(HtmlReport.Tool(input.ToolVersion) + HtmlReport.Started(input.StartedAt) + " · " + requests)}</p>");
        if (input.Interrupted)
        {
            writer.WriteLine("<p class=\"reading\">The run was stopped before its end; the numbers cover what was measured until then.</p>");
        }
        writer.WriteLine("</header>");
    }
}
