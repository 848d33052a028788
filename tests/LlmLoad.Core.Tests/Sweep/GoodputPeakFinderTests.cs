using LlmLoad.Core.Sweep;
using Xunit;
using static LlmLoad.Core.Tests.Sweep.GoodputSweepData;

namespace LlmLoad.Core.Tests.Sweep;

public sealed class GoodputPeakFinderTests
{
    [Fact]
    public void The_level_of_highest_goodput_wins_even_below_the_throughput_peak()
    {
        SweepLevel[] levels = [.. Rising];

        GoodputPeakVerdict? verdict = GoodputPeakFinder.Find(levels);

        Assert.NotNull(verdict);
        Assert.Equal(64, verdict.Load);
        Assert.Equal(22, verdict.Goodput!.Value, 9); // 2200 good / 100 s
        Assert.Equal(2200.0 / 2400, verdict.SloAttainment!.Value, 9);
        Assert.Equal("ttft<=300ms,tpot<=20ms", verdict.Slo);
        Assert.Equal([16, 64, 256], verdict.Evidence.Observations.Select(o => o.Load));
        Assert.All(verdict.Evidence.Observations, o => Assert.Equal("request_goodput", o.Metric));
        Assert.Equal("c=64 has the highest goodput, 22.0 req/s (91.7% of requests meet every SLO), of 24.0 req/s completed.", verdict.Evidence.Finding);
    }

    [Fact]
    public void On_a_tie_the_lowest_level_wins()
    {
        SweepLevel[] levels = [Level(16, 10, good: 800), Level(32, 12, good: 800)];

        GoodputPeakVerdict? verdict = GoodputPeakFinder.Find(levels);

        Assert.Equal(16, verdict!.Load);
    }

    [Fact]
    public void With_no_good_request_anywhere_there_is_no_level()
    {
        SweepLevel[] levels = [Level(16, 10, good: 0), Level(32, 12, good: 0)];

        GoodputPeakVerdict? verdict = GoodputPeakFinder.Find(levels);

        Assert.NotNull(verdict);
        Assert.Null(verdict.Load);
        Assert.Null(verdict.Goodput);
        Assert.Equal("No level had a request meeting every SLO (ttft<=300ms,tpot<=20ms).", verdict.Evidence.Finding);
    }

    [Fact]
    public void Without_per_request_slos_there_is_no_verdict()
    {
        SweepLevel[] levels = [.. SweepData.GptOssLike];

        GoodputPeakVerdict? verdict = GoodputPeakFinder.Find(levels);

        Assert.Null(verdict);
    }
}
