using LlmLoad.Cli.Console;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;

namespace LlmLoad.Cli.Tests.Console;

public sealed class ResultPrinterTests
{
    [Fact]
    public void A_sweep_table_fits_160_columns_with_every_header_whole()
    {
        // given the sweep's level columns, each cell as wide as a large level's numbers
        var columns = SweepTables.LevelKeys.Select(MetricCatalog.Get).Select(metric => new ReportColumn(metric.Key, metric.Header, metric.Description)).ToList();
        var table = new ReportTable("Sweep: gpt-oss-20b", "Concurrency", columns,
            [new ReportRow("4000", [.. columns.Select(_ => new ReportCell(1, "15842.74"))])], null);
        var output = new StringWriter();

        // when
        ResultPrinter.CreateConsole(output).Write(ResultPrinter.ToSpectre(table));

        // then
        var lines = output.ToString().Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= 160, line));
        Assert.DoesNotContain("…", output.ToString());
        Assert.Contains("Concurrency", output.ToString());
        Assert.Contains("tok/s/user", output.ToString());
    }

    [Fact]
    public void A_sweep_table_with_goodput_columns_keeps_every_header_whole()
    {
        // given the level table of a sweep with --goodput, each cell as wide as a large level's numbers
        var summary = new RunSummary { Completed = 300, DurationSeconds = 10, Slo = new RequestSlo { TtftMs = 300 }, GoodRequests = 250 };
        var levels = SweepTables.Levels("Sweep: gpt-oss-20b", [new Core.Sweep.SweepLevel(4000, summary)]);
        var table = levels with { Rows = [new ReportRow("4000", [.. levels.Columns.Select(_ => new ReportCell(1, "15842.74"))])] };
        var output = new StringWriter();

        // when
        ResultPrinter.CreateConsole(output, ResultPrinter.GoodputSweepWidth).Write(ResultPrinter.ToSpectre(table));

        // then
        Assert.Equal(15, table.Columns.Count + 1);
        Assert.All(output.ToString().Split('\n'), line => Assert.True(line.TrimEnd().Length <= ResultPrinter.GoodputSweepWidth, line));
        Assert.DoesNotContain("…", output.ToString());
        Assert.Contains("Concurrency", output.ToString());
        Assert.Contains("Goodput", output.ToString());
        Assert.Contains("SLO %", output.ToString());
    }
}
