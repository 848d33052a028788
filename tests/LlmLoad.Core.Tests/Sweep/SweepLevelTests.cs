using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sweep;
using Xunit;
using static LlmLoad.Core.Tests.Sweep.SweepData;

namespace LlmLoad.Core.Tests.Sweep;

public sealed class SweepLevelTests
{
    [Fact]
    public void A_level_measured_once_has_its_own_throughput_with_no_spread()
    {
        SweepLevel level = Level(32, 33.8);

        Assert.Equal(new RepeatStatistics(33.8, 0, 33.8, 33.8, 1), level.RequestThroughput);
        Assert.Equal(3380.0, level.OutputThroughput!.Mean);
        Assert.Equal(1.0, level.SuccessRate);
        Assert.Empty(level.Repeats);
    }

    [Fact]
    public void Repeats_give_mean_std_min_max_and_the_median_repeat_as_the_summary()
    {
        RunSummary slow = Summary(10), fast = Summary(14), typical = Summary(12);

        SweepLevel level = SweepLevel.FromRepeats(64, [slow, fast, typical]);

        Assert.Same(typical, level.Summary);
        Assert.Equal(3, level.Repeats.Count);
        RepeatStatistics spread = level.RequestThroughput!;
        Assert.Equal((12.0, 10.0, 14.0, 3), (spread.Mean, spread.Min, spread.Max, spread.Count));
        Assert.Equal(2.0, spread.Std, 12); // deviations -2, 2, 0: sqrt(8 / (3 - 1))
    }

    [Fact]
    public void The_success_rate_is_pooled_over_repeats()
    {
        RunSummary[] repeats = [Summary(10), Summary(14), Summary(12, failed: 600)];

        SweepLevel level = SweepLevel.FromRepeats(64, repeats);

        Assert.Equal(3600.0 / 4200, level.SuccessRate!.Value, 12);
    }

    [Fact]
    public void With_two_repeats_the_lower_one_is_the_summary()
    {
        RunSummary low = Summary(10), high = Summary(20);

        SweepLevel level = SweepLevel.FromRepeats(8, [high, low]);

        Assert.Same(low, level.Summary);
        Assert.Equal(15.0, level.RequestThroughput!.Mean);
    }

    [Fact]
    public void One_repeat_is_a_plain_level()
    {
        RunSummary only = Summary(10);

        SweepLevel level = SweepLevel.FromRepeats(8, [only]);

        Assert.Same(only, level.Summary);
        Assert.Empty(level.Repeats);
    }

    [Fact]
    public void A_level_with_no_duration_has_no_throughput_and_nothing_attempted_has_no_success_rate()
    {
        SweepLevel level = new(16, new RunSummary());

        Assert.Null(level.RequestThroughput);
        Assert.Null(level.SuccessRate);
    }

    [Fact]
    public void Repeats_are_ranked_by_their_mean_in_the_analysis()
    {
        SweepLevel[] levels = [Level(16, 10), SweepLevel.FromRepeats(32, [Summary(20), Summary(30), Summary(22)]), Level(64, 23)];

        SweepAnalysis analysis = SweepAnalyzer.Analyze(levels);

        Assert.Equal(32, analysis.Peak!.Concurrency); // mean 24 beats 23, though its summary repeat has 22
        Assert.Equal(24.0, analysis.Peak.RequestThroughput);
    }

    [Fact]
    public void A_level_reads_its_steady_window_when_every_run_has_one_and_the_whole_run_otherwise()
    {
        RunSummary steady = Summary(10) with { Steady = new SteadyWindow(1, 9, 12.5, 1250) };

        SweepLevel once = new(64, steady);
        SweepLevel mixed = SweepLevel.FromRepeats(64, [steady, Summary(11)]);

        Assert.True(once.UsesSteadyWindow);
        Assert.Equal(12.5, once.RequestThroughput!.Mean);
        Assert.Equal(1250, once.OutputThroughput!.Mean);
        Assert.Equal("steady_request_throughput", once.RequestThroughputKey);
        Assert.False(mixed.UsesSteadyWindow);
        Assert.Equal(10.5, mixed.RequestThroughput!.Mean);
        Assert.Equal("request_throughput", mixed.RequestThroughputKey);
    }

    [Theory]
    [InlineData(20, 0, false)] // 20 requests for 32 users
    [InlineData(32, 0, true)]
    [InlineData(24, 8, true)] // refused at once: the load was offered, the failures are the finding
    [InlineData(0, 0, true)] // no in-flight count (a virtual-time prediction): nothing to judge by
    public void A_level_is_reached_when_its_concurrency_was_in_flight_or_failures_account_for_the_shortfall(int peakInFlight, int failed, bool reached)
    {
        RunSummary summary = Summary(10, failed) with { TimeSeries = TimeSeries.Empty with { PeakInFlight = peakInFlight } };

        SweepLevel level = new(32, summary);

        Assert.Equal(reached, level.Reached);
    }

    [Fact]
        public void Goodput_is_the_mean_over_repeats_and_slo_attainment_is_pooled_like_the_success_rate()
    {
        RunSummary[] repeats = [GoodputSweepData.Summary(10, good: 900), GoodputSweepData.Summary(12, good: 600, failed: 300)];

        SweepLevel level = SweepLevel.FromRepeats(64, repeats);

        Assert.Equal(7.5, level.Goodput!.Mean, 12); // 9 and 6 req/s
        Assert.Equal(1500.0 / 2500, level.SloAttainment!.Value, 12); // (900 + 600) / (1000 + 1200 + 300)
    }

    [Fact]
    public void A_level_whose_requests_failed_is_read_over_its_whole_run()
    {
        // given a run with a steady window but 600 failed requests (refused at once, their users straight back)
        RunSummary failing = Summary(10, failed: 600) with { Steady = new SteadyWindow(1, 9, 25, 2500) };

        SweepLevel level = new(64, failing);

        // then the whole-run figures are read
        Assert.False(level.UsesSteadyWindow);
        Assert.Equal(10, level.RequestThroughput!.Mean);
        Assert.Equal("request_throughput", level.RequestThroughputKey);
    }

    [Fact]
    public void A_level_with_a_steady_window_reads_its_goodput_over_that_window()
    {
        // given 1000 completed requests at 10 req/s over the whole run, 800 of them good, and 12.5 req/s while all users were busy
        RunSummary run = GoodputSweepData.Summary(10, good: 800) with { Steady = new SteadyWindow(1, 9, 12.5, 1250) };

        SweepLevel level = new(64, run);

        // then goodput is the steady rate times the good share, 12.5 x 0.8, not the whole run's 8 req/s
        Assert.True(level.UsesSteadyWindow);
        Assert.Equal(10, level.Goodput!.Mean, 12);
        Assert.Equal(8, new SweepLevel(64, run with { Steady = null }).Goodput!.Mean, 12);
    }

    [Fact]
    public void A_level_without_per_request_slos_has_no_attainment()
    {
        SweepLevel level = SweepData.Level(16, 10);

        Assert.Null(level.Goodput);
        Assert.Null(level.SloAttainment);
    }
}
