using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Tests.Sweep;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting;

public sealed class SweepTablesTests
{
    [Fact]
    public void The_level_table_has_a_row_per_level_in_order_and_a_range_column_only_with_repeats()
    {
        ReportTable withRepeats = SweepTables.Levels("m", GoldenSweep.Levels);
        ReportTable without = SweepTables.Levels("m", SweepData.LlamaLike);

        Assert.Equal(["16", "32", "64", "128"], withRepeats.Rows.Select(r => r.Label));
        Assert.Equal("Req/s over repeats", withRepeats.Columns[^1].Header);
        Assert.Equal("18.00-22.00 (3)", withRepeats.Rows[1].Cells[^1].Text);
        Assert.Equal("", withRepeats.Rows[0].Cells[^1].Text);
        Assert.Equal(SweepTables.LevelKeys, without.Columns.Select(c => c.Key));
    }

    [Fact]
    public void The_verdict_table_says_none_for_a_verdict_not_reached_and_na_for_one_not_measurable()
    {
        SweepLevel[] neverBreaks = [SweepData.Level(16, 10), SweepData.Level(32, 20)];
        ModelSweep[] models =
        [
            new("gpt", SweepData.GptOssLike, SweepAnalyzer.Analyze(SweepData.GptOssLike)),
            new("steady", neverBreaks, SweepAnalyzer.Analyze(neverBreaks)),
            new("unanalysed", neverBreaks),
        ];

        ReportTable table = SweepTables.Verdicts(models);

        Assert.Equal(["136.00", "1200", "13600.00", "800", "1600", "n/a"], table.Rows[0].Cells.Select(c => c.Text));
        Assert.Equal("none", table.Rows[1].Cells[4].Text);
        Assert.All(table.Rows[2].Cells, c => Assert.Equal("n/a", c.Text));
    }

    [Fact]
    public void The_error_table_lists_failing_levels_with_a_column_per_class_and_status()
    {
        SweepLevel failing = new(64, SweepData.Summary(10, failed: 5) with
        {
            ErrorsByClassAndStatus = [new ErrorCount(RequestOutcome.HttpStatus, 503, 3), new ErrorCount(RequestOutcome.TimeoutTtft, null, 2)],
        });

        ReportTable table = SweepTables.Errors("m", [SweepData.Level(32, 10), failing])!;

        Assert.Equal(["Failed", "Success %", "http_status 503", "timeout_ttft"], table.Columns.Select(c => c.Header));
        ReportRow row = Assert.Single(table.Rows);
        Assert.Equal(["5", "99.50", "3", "2"], row.Cells.Select(c => c.Text));
    }

    [Fact]
    public void Without_failures_there_is_no_error_table()
    {
        Assert.Null(SweepTables.Errors("m", SweepData.LlamaLike.Take(3).ToArray()));
    }

    [Fact]
    public void With_per_request_slos_the_level_table_shows_goodput_and_attainment_after_request_throughput()
    {
        ReportTable table = SweepTables.Levels("m", GoodputSweepData.Rising);

        string[] keys = [.. table.Columns.Select(c => c.Key)];
        Assert.Equal(["success_rate", "request_throughput", "request_goodput", "slo_attainment", "output_throughput"], keys[..5]);
        Assert.Equal(("9.90", "99.00"), (table.Rows[0].Cells[2].Text, table.Rows[0].Cells[3].Text));
        Assert.Equal(("22.00", "91.67"), (table.Rows[1].Cells[2].Text, table.Rows[1].Cells[3].Text));
        Assert.Equal(SweepTables.LevelKeys.Count + 2, keys.Length);
    }

    [Fact]
    public void With_per_request_slos_the_verdict_table_adds_the_goodput_verdicts()
    {
        ModelSweep[] models =
        [
            new("goodput", GoodputSweepData.Rising, SweepAnalyzer.Analyze(GoodputSweepData.Rising)),
            new("plain", SweepData.LlamaLike, SweepAnalyzer.Analyze(SweepData.LlamaLike)),
        ];

        ReportTable table = SweepTables.Verdicts(models);

        Assert.Equal(["Goodput req/s", "Goodput at c", "Max c >=90% SLO"], table.Columns.TakeLast(3).Select(c => c.Header));
        Assert.Equal(["22.00", "64", "64"], table.Rows[0].Cells.TakeLast(3).Select(c => c.Text));
        Assert.Equal(["n/a", "n/a", "n/a"], table.Rows[1].Cells.TakeLast(3).Select(c => c.Text));
    }

    [Fact]
    public void Without_per_request_slos_the_verdict_table_keeps_its_six_columns()
    {
        ReportTable table = SweepTables.Verdicts([new ModelSweep("plain", SweepData.LlamaLike, SweepAnalyzer.Analyze(SweepData.LlamaLike))]);

        Assert.Equal(6, table.Columns.Count);
    }
}
