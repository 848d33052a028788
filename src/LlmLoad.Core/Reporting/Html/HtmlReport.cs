using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting.Plots;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Reporting.Html;

/// <summary>
/// Writes report.html: one self-contained page (inline CSS and SVG, no scripts, no fonts or
/// anything else fetched), readable offline and in print. Sections, in order:
/// <list type="number">
/// <item>the title and when and by what it was made;</item>
/// <item>summary: each model's reading in its chart colour, and the verdicts table;</item>
/// <item>baseline: the published study's throughput and latency tables, when baseline runs are given (and a
/// baseline's split by model when it mixed models);</item>
/// <item>charts, inlined;</item>
/// <item>per-level details of each model;</item>
/// <item>by model: each level's figures per model, for a sweep whose runs mixed models (<c>--model a:3,b:1</c>);</item>
/// <item>shards: a merged sweep's per-shard table of each level, with the warnings where the shards disagree;</item>
/// <item>evidence: each verdict's criterion, finding and compared numbers, folded;</item>
/// <item>errors by class and status per level;</item>
/// <item>the run configuration (already redacted), pretty-printed.</item>
/// </list>
/// </summary>
public static class HtmlReport
{
    public const string FileName = "report.html";

    public static void Write(TextWriter writer, ReportInput input)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(input);

        Open(writer, input.Title);
        Header(writer, input);
        Summary(writer, input.Models);
        Baseline(writer, input);
        Charts(writer, input.Charts);
        Section(writer, "levels", "Per-level details", () =>
            PerModel(writer, input.Models, m => HtmlTableWriter.Write(writer, SweepTables.Levels(m.Label, m.Levels)), headings: false));
        ByModel(writer, input.Models);
        if (input.Shards.Count > 0)
        {
            Section(writer, "shards", "Shards", () => input.Shards.ToList().ForEach(table => HtmlTableWriter.Write(writer, table)));
        }
        Section(writer, "evidence", "Evidence", () => PerModel(writer, input.Models, m => EvidenceWriter.Write(writer, m.Analysis), headings: true));
        Section(writer, "errors", "Errors", () => PerModel(writer, input.Models, m => Errors(writer, m), headings: false));
        Configuration(writer, input.Configuration);
        Close(writer, input.ToolVersion);
    }

    /// <summary>The page up to its body: the title and the inline style sheet.</summary>
    internal static void Open(TextWriter writer, string title)
    {
        writer.WriteLine("<!DOCTYPE html>");
        writer.WriteLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        writer.WriteLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        writer.WriteLine($"<title>{Encode(title)}</title>");
        writer.WriteLine("<style>");
        writer.WriteLine(HtmlStyles.Css);
        writer.WriteLine("</style></head><body>");
    }

    /// <summary>The footer and the end of the page.</summary>
    internal static void Close(TextWriter writer, string? toolVersion)
    {
        writer.WriteLine($"<footer class=\"meta\">Made by {Encode(Tool(toolVersion))}. Numbers as defined in llmload's metrics.md; "
            + "throughputs count successful requests only.</footer>");
        writer.WriteLine("</body></html>");
    }

    private static void Header(TextWriter writer, ReportInput input)
    {
        writer.WriteLine($"<header><h1>{Encode(input.Title)}</h1>");
        string models = input.Models.Count == 1 ? "1 model" : input.Models.Count.ToString(CultureInfo.InvariantCulture) + " models";
        writer.WriteLine($"<p class=\"meta\">{Encode(Tool(input.ToolVersion) + Started(input.StartedAt) + " · " + models)}</p></header>");
    }

    private static void Summary(TextWriter writer, IReadOnlyList<ModelSweep> models) => Section(writer, "summary", "Summary", () =>
    {
        for (int i = 0; i < models.Count; i++)
        {
            string reading = models[i].Analysis?.Reading ?? "Not analysed.";
            writer.WriteLine($"<p class=\"reading\" style=\"--model: {ModelPalette.HexColor(i)}\"><span class=\"swatch\"></span>"
                + $"<strong>{Encode(models[i].Label)}</strong>: {Encode(reading)}</p>");
        }
        if (models.Count == 0)
        {
            writer.WriteLine("<p>No model was measured.</p>");
            return;
        }
        HtmlTableWriter.Write(writer, SweepTables.Verdicts(models));
    });

    private static void Baseline(TextWriter writer, ReportInput input)
    {
        if (input.Baseline.Count == 0)
        {
            return;
        }
        string level = input.BaselineConcurrency is { } c ? $" (max concurrency {c.ToString(CultureInfo.InvariantCulture)})" : "";
        Section(writer, "baseline", "Baseline" + level, () =>
        {
            ThroughputLatencyTables tables = ThroughputLatencyTables.From(input.Baseline);
            HtmlTableWriter.Write(writer, tables.Throughput);
            HtmlTableWriter.Write(writer, tables.Latency);
            foreach (ReportTable byModel in ModelTables.ByModel(input.Baseline))
            {
                HtmlTableWriter.Write(writer, byModel);
            }
        });
    }

    /// <summary>Per level, each model's figures, for the sweeps whose levels mixed models; left out when none did.</summary>
    private static void ByModel(TextWriter writer, IReadOnlyList<ModelSweep> models)
    {
        IReadOnlyList<ReportTable> tables = ModelTables.Levels(models);
        if (tables.Count > 0)
        {
            Section(writer, "by-model", "By model", () =>
            {
                foreach (ReportTable table in tables)
                {
                    HtmlTableWriter.Write(writer, table);
                }
            });
        }
    }

    /// <summary>" · started 2026-03-02 10:00:00 UTC", or nothing when the start is unknown.</summary>
    internal static string Started(DateTimeOffset? startedAt) =>
        startedAt is { } at ? " · started " + at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "";

    private static void Charts(TextWriter writer, IReadOnlyList<RenderedChart> charts) => Section(writer, "charts", "Charts", () => Figures(writer, charts));

    /// <summary>Each chart inlined as a figure, its ids prefixed with its name so charts cannot take each other's clip paths.</summary>
    internal static void Figures(TextWriter writer, IReadOnlyList<RenderedChart> charts)
    {
        if (charts.Count == 0)
        {
            writer.WriteLine("<p>No charts.</p>");
        }
        foreach (RenderedChart chart in charts)
        {
            writer.WriteLine($"<figure id=\"chart-{Encode(chart.Name)}\">");
            writer.WriteLine(SvgInliner.Inline(chart.Svg, chart.Name + "-", chart.Title));
            writer.WriteLine($"<figcaption>{Encode(chart.Title)} ({Encode(chart.Name)}.png, {Encode(chart.Name)}.svg)</figcaption></figure>");
        }
    }

    private static void Errors(TextWriter writer, ModelSweep model)
    {
        if (SweepTables.Errors(model.Label, model.Levels) is { } table)
        {
            HtmlTableWriter.Write(writer, table);
        }
        else
        {
            writer.WriteLine($"<p><strong>{Encode(model.Label)}</strong>: no request failed at any level.</p>");
        }
    }

    /// <summary>The run configuration (already redacted), pretty-printed.</summary>
    internal static void Configuration(TextWriter writer, JsonNode? configuration) => Section(writer, "configuration", "Run configuration", () =>
    {
        if (configuration is null)
        {
            writer.WriteLine("<p>Not recorded.</p>");
            return;
        }
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        writer.WriteLine($"<pre>{Encode(configuration.ToJsonString(options))}</pre>");
    });

    /// <summary>The body for each model, under a heading when there are several and the body has no title of its own.</summary>
    private static void PerModel(TextWriter writer, IReadOnlyList<ModelSweep> models, Action<ModelSweep> body, bool headings)
    {
        foreach (ModelSweep model in models)
        {
            if (headings && models.Count > 1)
            {
                writer.WriteLine($"<h3>{Encode(model.Label)}</h3>");
            }
            body(model);
        }
    }

    internal static void Section(TextWriter writer, string id, string heading, Action body)
    {
        writer.WriteLine($"<section id=\"{id}\"><h2>{Encode(heading)}</h2>");
        body();
        writer.WriteLine("</section>");
    }

    internal static string Tool(string? toolVersion) => SummaryJsonWriter.ToolName + (toolVersion is { } v ? " " + v : "");

    internal static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A metric value as its catalogue formats it (a fraction as a percentage), else with four significant digits.</summary>
    internal static string FormatValue(string metricKey, double? value) =>
        MetricCatalog.TryGet(metricKey, out MetricDefinition? metric) ? metric!.Format(value)
        : value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : MetricDefinition.NotAvailable;
}
