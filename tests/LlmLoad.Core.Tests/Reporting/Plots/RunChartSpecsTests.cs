using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting.Plots;
using LlmLoad.Core.Tests.Metrics;
using Xunit;

namespace LlmLoad.Core.Tests.Reporting.Plots;

public sealed class RunChartSpecsTests
{
    private static readonly RequestRecord[] s_measured = [.. RunData.Records.Where(r => !r.Warmup)];

    [Fact]
    public void A_run_has_its_distributions_and_its_timelines_in_two_sections()
    {
        IReadOnlyList<ChartSection> sections = RunChartSpecs.Build(RunData.Summary, s_measured);

        Assert.Equal(["distributions", "over-time"], sections.Select(s => s.Id));
        Assert.Equal(["ttft-distribution", "tpot-distribution", "e2el-distribution"], sections[0].Charts.Select(c => c.Name));
        Assert.Equal(["output-throughput-over-time", "requests-over-time", "in-flight-over-time", "ttft-over-time"], sections[1].Charts.Select(c => c.Name));
    }

    [Fact]
    public void A_ramps_turn_point_is_marked_on_every_over_time_chart_and_a_steady_run_has_no_mark()
    {
        var ramped = RunData.Summary with
        {
            Ramp = LlmLoad.Core.Metrics.LoadRamp.TryParse("linear:0..80:16s", out _),
            RampTurnPoint = new LlmLoad.Core.Metrics.RampTurnPoint(9, 42.5, "ttft", 100, 230, 0, 40),
        };

        IReadOnlyList<ChartSpec> overTime = RunChartSpecs.Build(ramped, s_measured)[1].Charts;

        Assert.All(overTime, chart => Assert.Equal(new ChartMark(9, "ttft turn at 42.5 req/s", "#D55E00"), Assert.Single(chart.Marks)));
        Assert.All(RunChartSpecs.Build(RunData.Summary, s_measured)[1].Charts, chart => Assert.Empty(chart.Marks));
    }

    [Fact]
    public void A_distribution_is_the_cdf_of_the_successful_requests_in_percent()
    {
        ChartSpec ttft = RunChartSpecs.Build(RunData.Summary, s_measured)[0].Charts[0];

        ChartSeries cdf = Assert.Single(ttft.Series);
        // 54 successful requests (every tenth of 60 failed), TTFT 100 + 5i ms: from 100 to 390 ms
        Assert.Equal(54, cdf.Values.Count);
        Assert.Equal((100, 390), (cdf.Concurrency[0], cdf.Concurrency[^1]));
        Assert.Equal(100, cdf.Values[^1], 9);
        Assert.Equal(("TTFT (ms)", 100.0, false), (ttft.XLabel, ttft.YMax!.Value, ttft.IntegerX));
        Assert.Contains("54 successful requests", ttft.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timeline_has_one_point_per_second_at_its_middle_and_failures_on_their_own_line()
    {
        ChartSpec requests = RunChartSpecs.Build(RunData.Summary, s_measured)[1].Charts[1];

        Assert.Equal(["completed", "failed"], requests.Series.Select(s => s.Legend));
        int buckets = RunData.Summary.TimeSeries.BucketCount;
        Assert.Equal([.. Enumerable.Range(0, buckets).Select(k => k + 0.5)], requests.Series[0].Concurrency);
        Assert.Equal(RunData.Summary.Failed, requests.Series[1].Values.Sum());
    }

    [Fact]
    public void A_second_without_a_first_token_is_a_gap_in_the_ttft_line_not_a_zero()
    {
        // one request at 0 s and one at 3 s: seconds 1 and 2 saw no first token
        RequestRecord[] measured = [Records.Ok(0, [100, 200], 2, index: 0), Records.Ok(3000, [3100, 3200], 2, index: 1)];
        var summary = Core.Metrics.RunSummarizer.Summarize(measured, new());

        ChartSpec ttft = RunChartSpecs.Build(summary, measured)[1].Charts[3];

        Assert.Equal([0.5, 3.5], ttft.Series[0].Concurrency);
        Assert.Equal([100.0, 100.0], ttft.Series[0].Values);
    }

    [Fact]
    public void A_chart_without_any_point_is_left_out()
    {
        // one-token outputs have no TPOT
        RequestRecord[] measured = [Records.Ok(0, [100], 1, index: 0), Records.Ok(10, [150], 1, index: 1)];
        var summary = Core.Metrics.RunSummarizer.Summarize(measured, new());

        IReadOnlyList<ChartSection> sections = RunChartSpecs.Build(summary, measured);

        Assert.Equal(["ttft-distribution", "e2el-distribution"], sections[0].Charts.Select(c => c.Name));
    }
}
