using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting;

public sealed class ThroughputLatencyTablesTests
{
    private static readonly LabeledSummary[] s_runs =
    [
        new("golden-run", GoldenRun.Summary),
        new("fast | run", GoldenRun.FastSummary),
    ];

    private static string RenderMarkdown(ThroughputLatencyTables tables)
    {
        var writer = new StringWriter { NewLine = "\n" };
        MarkdownTableWriter.Write(writer, tables.Throughput);
        writer.WriteLine();
        MarkdownTableWriter.Write(writer, tables.Latency);
        return writer.ToString();
    }

    [Fact]
    public void The_tables_have_the_published_study_columns_and_one_row_per_run()
    {
        ThroughputLatencyTables tables = ThroughputLatencyTables.From(s_runs);

        Assert.Equal(["Requests/s", "Input tok/s", "Output tok/s", "Output tok/s/user"], tables.Throughput.Columns.Select(c => c.Header));
        Assert.Equal(["Mean TTFT (ms)", "Mean TPOT (ms)", "Mean ITL (ms)"], tables.Latency.Columns.Select(c => c.Header));
        Assert.Equal(["golden-run", "fast | run"], tables.Latency.Rows.Select(r => r.Label));
    }

    [Fact]
    public void Cells_hold_the_summary_values_and_their_catalogue_text()
    {
        ThroughputLatencyTables tables = ThroughputLatencyTables.From(s_runs);

        ReportCell cell = tables.Latency.Rows[0].Cells[0];

        Assert.Equal(GoldenRun.Summary.Ttft.Mean, cell.Value);
        Assert.Equal(MetricCatalog.Get("mean_ttft_ms").Format(GoldenRun.Summary), cell.Text);
    }

    [Fact]
    public void The_tables_render_as_the_checked_in_markdown()
    {
        ThroughputLatencyTables tables = ThroughputLatencyTables.From(s_runs);

        string markdown = RenderMarkdown(tables);

        GoldenFile.AssertMatches("throughput-latency-tables.md", markdown);
    }

    [Fact]
    public void The_markdown_is_the_same_under_a_comma_decimal_culture()
    {
        ThroughputLatencyTables tables = ThroughputLatencyTables.From(s_runs);

        string markdown = GoldenFile.RenderUnder(GoldenFile.CommaDecimalCulture(), () => RenderMarkdown(tables));

        GoldenFile.AssertMatches("throughput-latency-tables.md", markdown, mayUpdate: false);
    }
}
