using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Reporting.Html;
using LlmLoad.Core.Sweep;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting.Html;

/// <summary>Issue 12: a run or a sweep with a model mix is split by model in report.html, with summary.json's by_model figures.</summary>
public sealed class ByModelReportTests
{
    // every fourth request of the report's made-up run goes to the adapter, the others to the base model
    private static IReadOnlyList<RequestRecord> Mixed(IEnumerable<RequestRecord> records) =>
        [.. records.Select(r => r with { Model = r.Index % 4 == 3 ? "sql-lora" : "base" })];

    private static RunSummary Summarize(IReadOnlyList<RequestRecord> records, int concurrency) =>
        RunSummarizer.Summarize(records, new SummaryOptions { MaxConcurrency = concurrency });

    private static string RenderRun(RunSummary summary)
    {
        var writer = new StringWriter();
        RunHtmlReport.Write(writer, RunData.Input() with { Summary = summary });
        return writer.ToString();
    }

    /// <summary>The rows of the table captioned <paramref name="caption"/>: label, then each cell's text, HTML-decoded.</summary>
    private static Dictionary<string, string[]> Table(string html, string caption)
    {
        Match table = Regex.Match(html, $"<caption>{Regex.Escape(WebUtility.HtmlEncode(caption))}</caption>(.*?)</table>", RegexOptions.Singleline);
        Assert.True(table.Success, $"no table \"{caption}\"");
        return Regex.Matches(table.Groups[1].Value, "<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>")
            .ToDictionary(
                row => WebUtility.HtmlDecode(row.Groups[1].Value),
                row => Regex.Matches(row.Groups[2].Value, "<td class=\"num\">(.*?)</td>").Select(cell => WebUtility.HtmlDecode(cell.Groups[1].Value)).ToArray());
    }

    /// <summary>The <c>by_model</c> object as summary.json writes it for <paramref name="summary"/>.</summary>
    private static JsonObject ByModelJson(RunSummary summary)
    {
        using var stream = new MemoryStream();
        SummaryJsonWriter.Write(stream, summary, null, "0.1.0-test", DateTimeOffset.UnixEpoch);
        return JsonNode.Parse(Encoding.UTF8.GetString(stream.ToArray()))!["by_model"]!.AsObject();
    }

    /// <summary>Each cell of the row is the catalogue's formatting of the by_model value under its column's key.</summary>
    private static void AssertRowIs(JsonObject byModelEntry, string[] cells)
    {
        Assert.Equal(ModelTables.Keys.Count, cells.Length);
        for (int i = 0; i < cells.Length; i++)
        {
            double? value = byModelEntry[ModelTables.Keys[i]] is JsonValue number ? number.GetValue<double>() : null;
            Assert.Equal(MetricCatalog.Get(ModelTables.Keys[i]).Format(value), cells[i]);
        }
    }

    [Fact]
    public void The_run_report_of_a_model_mix_has_a_by_model_table_with_the_figures_of_summary_json()
    {
        // given
        RunSummary summary = Summarize(Mixed(RunData.Records), 4);

        // when
        string html = RenderRun(summary);

        // then one row per model under the whole run's, each the by_model figures, and the summary's tables split the same way
        Assert.Contains("<section id=\"by-model\"><h2>By model</h2>", html, StringComparison.Ordinal);
        Dictionary<string, string[]> rows = Table(html, "By model");
        JsonObject byModel = ByModelJson(summary);
        Assert.Equal([ModelTables.AllModels, "base", "sql-lora"], rows.Keys);
        AssertRowIs(byModel["base"]!.AsObject(), rows["base"]);
        AssertRowIs(byModel["sql-lora"]!.AsObject(), rows["sql-lora"]);
        Assert.Equal(ModelTables.Keys.Select(key => MetricCatalog.Get(key).Format(summary)), rows[ModelTables.AllModels]);
        Assert.Equal([ModelTables.AllModels, "base", "sql-lora"], Table(html, "Throughput").Keys);
        // by hand: 45 requests to base (503s at 9, 29, 49) and 15 to sql-lora (503s at 19, 39, 59)
        Assert.Equal(["42", "3"], rows["base"][..2]);
        Assert.Equal(["12", "3"], rows["sql-lora"][..2]);
    }

    [Fact]
    public void A_run_of_one_model_has_no_by_model_section_and_its_tables_keep_its_label()
    {
        // when
        string html = RenderRun(RunData.Summary);

        // then
        Assert.DoesNotContain("id=\"by-model\"", html, StringComparison.Ordinal);
        Assert.Equal(["llama-8b"], Table(html, "Throughput").Keys);
    }

    [Fact]
    public void A_sweep_of_a_model_mix_has_each_levels_figures_per_model_from_sweep_json_and_its_redraw_shows_the_same()
    {
        // given two levels of the made-up run, the second with its requests twice as dense
        IReadOnlyList<RequestRecord> records = Mixed(RunData.Records.Where(r => !r.Warmup));
        SweepLevel[] levels = [new(2, Summarize(records, 2)), new(4, Summarize(records.Take(40).ToArray(), 4))];
        var document = new SweepDocument("0.1.0-test", DateTimeOffset.UnixEpoch, "base", null, levels, SweepAnalyzer.Analyze(levels, SweepAnalysisOptions.Default));
        using var saved = new MemoryStream();
        SweepJsonWriter.Write(saved, document);
        JsonArray savedLevels = JsonNode.Parse(Encoding.UTF8.GetString(saved.ToArray()))!["levels"]!.AsArray();
        saved.Position = 0;
        SweepDocument readBack = SweepJsonReader.Read(saved);

        // when
        string html = HtmlReportTests.Render(new ReportInput { Title = "llmload sweep: base", Models = [new ModelSweep("mix", document.Levels, document.Analysis)] });
        string redrawn = HtmlReportTests.Render(new ReportInput { Title = "llmload sweep: base", Models = [new ModelSweep("mix", readBack.Levels, readBack.Analysis)] });

        // then one row per level and model, each with that level's by_model figures in sweep.json
        Dictionary<string, string[]> rows = Table(html, "By model: mix");
        Assert.Equal(["2 · base", "2 · sql-lora", "4 · base", "4 · sql-lora"], rows.Keys);
        foreach (var (label, cells) in rows)
        {
            string[] parts = label.Split(" · ");
            JsonObject level = savedLevels.Single(l => (int)l!["concurrency"]! == int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture))!.AsObject();
            AssertRowIs(level["by_model"]![parts[1]]!.AsObject(), cells);
        }
        Assert.Equal(rows, Table(redrawn, "By model: mix"));
        int levelsAt = html.IndexOf("<section id=\"levels\">", StringComparison.Ordinal);
        int byModelAt = html.IndexOf("<section id=\"by-model\">", StringComparison.Ordinal);
        Assert.True(levelsAt > 0 && byModelAt > levelsAt, "the by-model section follows the per-level details");
    }

    [Fact]
    public void A_sweep_of_one_model_has_no_by_model_section()
    {
        // when
        string html = HtmlReportTests.Render(HtmlReportTests.StudyInput());

        // then
        Assert.DoesNotContain("id=\"by-model\"", html, StringComparison.Ordinal);
    }
}
