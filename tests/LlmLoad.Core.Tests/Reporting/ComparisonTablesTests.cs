using System.Text.Json.Nodes;
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

    [Fact]
    public void A_level_that_lost_requests_is_marked_in_the_throughput_by_level()
    {
        // given a sweep whose c=64 level failed requests (and so may show more req/s than a clean one)
        ModelSweep flaky = new("flaky", [SweepData.Level(16, 9), SweepData.Level(64, 45, failed: 20)]);

        // when
        ReportTable table = ComparisonTables.RequestThroughputByLevel([flaky]);

        // then
        Assert.Equal([["9.00"], ["45.00*"]], table.Rows.Select(r => r.Cells.Select(c => c.Text).ToArray()));
        Assert.Contains("*: the level lost requests", table.Caption);
    }

    [Fact]
    public void Sweep_outcomes_give_the_failures_and_the_lowest_success_rate_in_the_order_given()
    {
        // given
        var workload = WorkloadIdentity.From(new JsonObject { ["output_tokens"] = "100" });
        ModelSweep flaky = new("flaky", [SweepData.Level(16, 9), SweepData.Level(64, 45, failed: 20)]);
        ModelSweep clean = new("clean", [SweepData.Level(16, 9), SweepData.Level(64, 40)]);

        // when
        ReportTable table = ComparisonTables.SweepOutcomes([(new ComparedResult("flaky", false, workload), flaky), (new ComparedResult("clean", true, workload), clean)]);

        // then
        Assert.Equal(["flaky", "clean"], table.Rows.Select(r => r.Label));
        Assert.Equal(["2", "20", "64", "no", "yes"], table.Rows[0].Cells.Select(c => c.Text).Where((_, i) => i != 2));
        Assert.InRange(table.Rows[0].Cells[2].Value!.Value, 0, 0.999); // the c=64 level's success rate, below 100%
        Assert.Equal(["2", "0", "100.00", "16", "yes", "no: interrupted"], table.Rows[1].Cells.Select(c => c.Text));
    }

    [Fact]
    public void A_result_of_another_workload_or_of_unknown_workload_is_not_comparable()
    {
        // given
        var reference = new ComparedResult("a", false, WorkloadIdentity.From(new JsonObject { ["input_tokens"] = "1:63", ["output_tokens"] = 100, ["stream"] = true }));
        var other = new ComparedResult("b", false, WorkloadIdentity.From(new JsonObject { ["input_tokens"] = "1:63", ["output_tokens"] = 5000, ["stream"] = true }));
        var unknown = new ComparedResult("c", true, null);

        // then the model, the load level and the seed are not part of the workload; the output lengths are
        Assert.Empty(reference.NotComparableReasons(reference));
        Assert.Equal(["output_tokens 5000 vs 100 in a"], other.NotComparableReasons(reference));
        Assert.Equal(["interrupted", "workload unknown"], unknown.NotComparableReasons(reference));
    }
}
