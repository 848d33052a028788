using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Reporting.Html;
using LlmLoad.Core.Reporting.Plots;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Tests.Reporting.Plots;
using LlmLoad.Core.Tests.Sweep;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting.Html;

public sealed class HtmlReportTests
{
    // a tiny stand-in for a ScottPlot SVG: an XML declaration, a clip path and a reference to it
    private const string TinySvg = """
        <?xml version="1.0" encoding="utf-8" ?>
        <svg xmlns="http://www.w3.org/2000/svg" width="90" height="50"><clipPath id="cl_1"><rect width="90" height="50"/></clipPath><g clip-path="url(#cl_1)"><path d="M0 0L90 50" stroke="#0072B2"/></g><text x="5" y="45">Concurrency</text></svg>
        """;

    internal static string Render(ReportInput input)
    {
        var writer = new StringWriter();
        HtmlReport.Write(writer, input);
        return writer.ToString();
    }

    private static ReportInput GoldenInput() => new()
    {
        Title = "llmload sweep: llama-8b",
        Models = [new ModelSweep("llama-8b", GoldenSweep.Levels, GoldenSweep.Document.Analysis)],
        Charts = [new RenderedChart("output-throughput", "Output token throughput vs max concurrency", TinySvg)],
        Baseline = [new LabeledSummary("llama-8b", GoldenSweep.Levels[1].Summary)],
        BaselineConcurrency = 32,
        Configuration = new JsonObject { ["base_url"] = "http://127.0.0.1:8000/v1", ["api_key"] = "[redacted]", ["slo"] = "ttft_p99<=1000" },
        ToolVersion = "0.1.0-test",
        StartedAt = GoldenSweep.StartedAt,
    };

    /// <summary>The full study shaped like the published one with real charts, as the browser tests load it.</summary>
    internal static ReportInput StudyInput() => new()
    {
        Title = "llmload study: radiant-study.yaml",
        Models = StudyData.Models,
        Charts = SweepCharts.RenderSvg(StudyData.Models),
        Baseline = [.. StudyData.Models.Select(m => new LabeledSummary(m.Label, m.Levels.Single(l => l.Load == 32).Summary))],
        BaselineConcurrency = 32,
        Configuration = new JsonObject { ["concurrency"] = "16..4096" },
        ToolVersion = "0.1.0-test",
        StartedAt = GoldenSweep.StartedAt,
    };

    [Fact]
    public void The_golden_sweep_writes_the_checked_in_report()
    {
        string html = Render(GoldenInput());

        GoldenFile.AssertMatches("report.html", html);
    }

    [Fact]
    public void The_report_is_the_same_under_a_comma_decimal_culture()
    {
        string html = GoldenFile.RenderUnder(GoldenFile.CommaDecimalCulture(), () => Render(GoldenInput()));

        GoldenFile.AssertMatches("report.html", html, mayUpdate: false);
    }

    [Fact]
    public void The_report_loads_nothing_from_anywhere_and_runs_no_script()
    {
        string html = Render(StudyInput());

        Assert.DoesNotMatch(new Regex("<script|<link|<iframe|<img|@import|@font-face", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"\b(src|href)\s*=\s*""(?!#)", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"url\((?!#)", RegexOptions.IgnoreCase), html);
    }

    [Fact]
    public void Inlined_charts_have_distinct_ids_and_every_reference_finds_its_own_chart()
    {
        string html = Render(StudyInput());

        string[] ids = [.. Regex.Matches(html, @"\bid=""([^""]+)""").Select(m => m.Groups[1].Value)];
        string[] references = [.. Regex.Matches(html, @"url\(#([^)]+)\)").Select(m => m.Groups[1].Value)];
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, ids));
        Assert.All(references, r => Assert.Matches(@"^[a-z0-9.-]+-cl_[0-9a-f]+$", r));
        Assert.Equal(StudyInput().Charts.Count, Regex.Matches(html, "<svg ").Count);
    }

    [Fact]
    public void The_report_has_every_section_in_order()
    {
        string html = Render(StudyInput());

        int[] positions = [.. new[] { "summary", "baseline", "charts", "levels", "evidence", "errors", "configuration" }
            .Select(id => html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal))];
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Each_models_reading_is_in_the_summary_in_its_chart_colour()
    {
        string html = Render(StudyInput());

        Assert.Contains($"--model: {ModelPalette.HexColor(1)}\"><span class=\"swatch\"></span><strong>Gemma 3 27B</strong>: "
            + System.Net.WebUtility.HtmlEncode(StudyData.Models[1].Analysis!.Reading), html, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_from_the_user_is_escaped()
    {
        ReportInput input = GoldenInput() with
        {
            Title = "<b>x</b> & co",
            Models = [new ModelSweep("m<script>", GoldenSweep.Levels, GoldenSweep.Document.Analysis)],
            Configuration = new JsonObject { ["header"] = "</pre><script>" },
        };

        string html = Render(input);

        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt; &amp; co", html, StringComparison.Ordinal);
        Assert.Contains("m&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_baseline_runs_or_charts_those_parts_say_so_or_are_left_out()
    {
        ReportInput input = GoldenInput() with { Baseline = [], Charts = [], Configuration = null };

        string html = Render(input);

        Assert.DoesNotContain("<section id=\"baseline\">", html, StringComparison.Ordinal);
        Assert.Contains("<p>No charts.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<section id=\"configuration\"><h2>Run configuration</h2>\n<p>Not recorded.</p>", html.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
