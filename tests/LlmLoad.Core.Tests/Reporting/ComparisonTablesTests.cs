using LlmLoad.Core.Reporting;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Tests.Sweep;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting;

public sealed class ComparisonTablesTests
{
    [Fact]
    public void Request_throughput_by_level_has_every_level_of_any_sweep_and_leaves_missing_levels_empty()
    {
        // given
        ModelSweep before = new("before", [SweepData.Level(16, 9), SweepData.Level(64, 30)]);
        ModelSweep after = new("after", [SweepData.Level(32, 20), SweepData.Level(64, 41.5)]);

        // when
        ReportTable table = ComparisonTables.RequestThroughputByLevel([before, after]);

        // then
        Assert.Equal(["before", "after"], table.Columns.Select(c => c.Header));
        Assert.Equal(["16", "32", "64"], table.Rows.Select(r => r.Label));
        Assert.Equal([["9.00", ""], ["", "20.00"], ["30.00", "41.50"]], table.Rows.Select(r => r.Cells.Select(c => c.Text).ToArray()));
    }
}
