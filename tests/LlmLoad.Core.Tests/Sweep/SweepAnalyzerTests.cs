using LlmLoad.Core.Validation;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sweep;
using Xunit;
using static LlmLoad.Core.Tests.Sweep.SweepData;

namespace LlmLoad.Core.Tests.Sweep;

public sealed class SweepAnalyzerTests
{
    [Fact]
    public void The_gpt_oss_shape_reads_as_a_plateau_then_lost_requests()
    {
        IReadOnlyList<SweepLevel> levels = GptOssLike;

        SweepAnalysis analysis = SweepAnalyzer.Analyze(levels);

        Assert.Equal(1200, analysis.Peak!.Concurrency);
        Assert.Equal(136.0, analysis.Peak.RequestThroughput);
        Assert.Equal(13600.0, analysis.Peak.OutputThroughput);
        // 90% of 136 = 122.4; c=512 has 121 and c=800 has 130
        Assert.Equal(800, analysis.Knee!.Concurrency);
        Assert.Equal(122.4, analysis.Knee.Threshold, 9);
        Assert.Equal(1600, analysis.Breakpoint.Concurrency);
        Assert.Equal(BreakpointCause.SuccessRate, analysis.Breakpoint.Cause);
        Assert.Equal(new PlateauRange(800, 1400, 130.0, 136.0), analysis.Plateau);
        Assert.Equal(
            "Request throughput plateaus at 130-136 req/s from c=800 to c=1400 (peak 136 req/s at c=1200); "
            + "requests start failing at c=1600 (success rate 97.1%).",
            analysis.Reading);
    }

    [Fact]
    public void The_llama_shape_reads_as_an_early_peak_then_a_decline()
    {
        IReadOnlyList<SweepLevel> levels = LlamaLike;

        SweepAnalysis analysis = SweepAnalyzer.Analyze(levels);

        Assert.Equal(512, analysis.Peak!.Concurrency);
        Assert.Equal(512, analysis.Knee!.Concurrency); // 90% of 70 = 63; c=256 has 60
        // the floor after the peak is 63: 66, 64 and 63.5 hold, 62 at c=2500 does not
        Assert.Equal(2500, analysis.Breakpoint.Concurrency);
        Assert.Equal(BreakpointCause.ThroughputDecline, analysis.Breakpoint.Cause);
        Assert.Equal(new PlateauRange(512, 2000, 63.5, 70.0), analysis.Plateau);
        Assert.Equal(
            "Request throughput plateaus at 63.5-70.0 req/s from c=512 to c=2000 (peak 70.0 req/s at c=512); "
            + "throughput falls more than 10% below the peak at c=2500 (62.0 req/s).",
            analysis.Reading);
    }

    [Fact]
    public void A_ramp_that_never_breaks_has_no_breakpoint_and_a_plateau_to_the_last_level()
    {
        SweepLevel[] levels = [Level(16, 10), Level(32, 20), Level(64, 38), Level(128, 40), Level(256, 41)];

        SweepAnalysis analysis = SweepAnalyzer.Analyze(levels);

        Assert.Null(analysis.Breakpoint.Concurrency);
        Assert.Null(analysis.Breakpoint.Cause);
        Assert.Equal(new PlateauRange(64, 256, 38, 41), analysis.Plateau); // 90% of 41 = 36.9
        Assert.Equal(
            "No level had a success rate below 99% or, after the peak, request throughput more than 10% below it (c=16 to c=256 checked).",
            analysis.Breakpoint.Evidence.Finding);
        Assert.Equal(
            "Request throughput plateaus at 38.0-41.0 req/s from c=64 to c=256 (peak 41.0 req/s at c=256); no breakpoint up to c=256.",
            analysis.Reading);
    }

    [Fact]
    public void A_sweep_where_every_request_failed_has_no_peak_and_breaks_at_the_first_level()
    {
        SweepLevel[] levels = [Level(16, 0, failed: 500), Level(32, 0, failed: 900)];

        SweepAnalysis analysis = SweepAnalyzer.Analyze(levels);

        Assert.Null(analysis.Peak);
        Assert.Null(analysis.Knee);
        Assert.Null(analysis.Plateau);
        Assert.False(analysis.HasThroughput);
        Assert.Equal(16, analysis.Breakpoint.Concurrency);
        Assert.Equal("No level completed a request; requests fail from c=16 (success rate 0.0%).", analysis.Reading);
    }

    [Fact]
    public void A_single_level_is_its_own_peak_and_knee_and_the_reading_says_there_is_no_ramp()
    {
        SweepLevel[] levels = [Level(32, 33.8)];

        SweepAnalysis analysis = SweepAnalyzer.Analyze(levels);

        Assert.Equal(32, analysis.Peak!.Concurrency);
        Assert.Equal(32, analysis.Knee!.Concurrency);
        Assert.Equal(new PlateauRange(32, 32, 33.8, 33.8), analysis.Plateau);
        Assert.Null(analysis.Breakpoint.Concurrency);
        Assert.Equal("Only one level was measured, so there is no ramp to read: 33.8 req/s at c=32 with a success rate of 100.0%.", analysis.Reading);
    }

    [Fact]
    public void No_levels_give_an_analysis_that_says_so()
    {
        SweepAnalysis analysis = SweepAnalyzer.Analyze([]);

        Assert.Null(analysis.Peak);
        Assert.Null(analysis.Breakpoint.Concurrency);
        Assert.Equal("No level was measured.", analysis.Reading);
    }

    [Fact]
    public void Failures_before_the_knee_leave_no_plateau_and_the_reading_says_they_came_first()
    {
        SweepLevel[] levels = [Level(16, 10), Level(32, 20, failed: 222), Level(64, 40)]; // 2000 / 2222 = 90.0 %

        SweepAnalysis analysis = SweepAnalyzer.Analyze(levels);

        Assert.Equal(64, analysis.Knee!.Concurrency);
        Assert.Equal(32, analysis.Breakpoint.Concurrency);
        Assert.Null(analysis.Plateau);
        Assert.Equal(
            "Request throughput peaks at 40.0 req/s at c=64; requests start failing at c=32 (success rate 90.0%), before throughput reached 90% of the peak.",
            analysis.Reading);
    }

    [Fact]
    public void A_tie_for_the_peak_goes_to_the_lowest_level()
    {
        SweepLevel[] levels = [Level(16, 10), Level(32, 50), Level(64, 50)];

        SweepAnalysis analysis = SweepAnalyzer.Analyze(levels);

        Assert.Equal(32, analysis.Peak!.Concurrency);
    }

    [Fact]
    public void Levels_are_analysed_in_concurrency_order_whatever_order_they_come_in()
    {
        SweepLevel[] levels = [.. GptOssLike.Reverse()];

        SweepAnalysis analysis = SweepAnalyzer.Analyze(levels);

        Assert.Equal(SweepAnalyzer.Analyze(GptOssLike).Reading, analysis.Reading);
    }

    [Fact]
    public void When_both_checks_fire_at_one_level_the_success_rate_is_named()
    {
        SweepLevel[] levels = [Level(16, 50), Level(32, 20, failed: 1000)];

        SweepAnalysis analysis = SweepAnalyzer.Analyze(levels);

        Assert.Equal(32, analysis.Breakpoint.Concurrency);
        Assert.Equal(BreakpointCause.SuccessRate, analysis.Breakpoint.Cause);
    }

    [Fact]
    public void The_thresholds_are_configurable()
    {
        var options = new SweepAnalysisOptions { KneeFraction = 0.97, MinSuccessRate = 0.95, MaxDeclineFraction = 0.2 };

        SweepAnalysis analysis = SweepAnalyzer.Analyze(GptOssLike, options);

        Assert.Equal(1000, analysis.Knee!.Concurrency); // 97% of 136 = 131.92: c=800 has 130, c=1000 has 133
        Assert.Equal(2000, analysis.Breakpoint.Concurrency); // 97.1% passes 95%; 90.0% does not
    }

    [Fact]
    public void Invalid_options_are_all_reported()
    {
        var options = new SweepAnalysisOptions { KneeFraction = 0, MinSuccessRate = 1.5, MaxDeclineFraction = 1 };

        var problems = options.Validate();

        Assert.Equal([OptionField.KneeFraction, OptionField.MinSuccessRate, OptionField.MaxDeclineFraction], problems.Select(problem => problem.Field));
        Assert.Throws<ArgumentException>(() => SweepAnalyzer.Analyze(GptOssLike, options));
    }

    [Fact]
    public void Two_levels_at_one_concurrency_are_a_programming_error()
    {
        SweepLevel[] levels = [Level(16, 10), Level(16, 11)];

        ArgumentException error = Assert.Throws<ArgumentException>(() => SweepAnalyzer.Analyze(levels));

        Assert.Contains("two levels at concurrency 16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_knee_is_read_on_steady_throughput_where_the_drain_bends_the_whole_run_curve()
    {
        // given a server of 64 full-speed slots: whole-run figures diluted by each level's drain (88.6% at c=64,
        // the reading), steady figures flat from c=64
        static SweepLevel Level(int concurrency, double wholeRun, double steady) =>
            new(concurrency, Summary(wholeRun) with { Steady = new SteadyWindow(1, 51, steady, steady * 100) });
        SweepLevel[] levels = [Level(16, 24, 25), Level(32, 45, 50), Level(64, 88.6, 100), Level(128, 97, 100), Level(256, 100, 100)];

        // when
        SweepAnalysis analysis = SweepAnalyzer.Analyze(levels);
        SweepAnalysis wholeRun = SweepAnalyzer.Analyze([.. levels.Select(l => new SweepLevel(l.Concurrency, l.Summary with { Steady = null }))]);

        // then
        Assert.Equal(64, analysis.Knee!.Concurrency);
        Assert.Equal(128, wholeRun.Knee!.Concurrency);
        Assert.All(analysis.Knee.Evidence.Observations, o => Assert.Equal("steady_request_throughput", o.Metric));
        Assert.EndsWith(" Throughput is read over each level's steady window (all users busy, drain excluded).", analysis.Reading);
        Assert.DoesNotContain("steady window", wholeRun.Reading);
    }

    [Fact]
    public void A_level_never_reached_is_left_out_of_every_verdict_and_named_in_the_reading()
    {
        // given c=64 ran only 20 requests: its in-flight peak stayed at 20, and it reads the highest throughput
        SweepLevel partial = new(64, Summary(200) with { TimeSeries = TimeSeries.Empty with { PeakInFlight = 20 } });
        SweepLevel[] levels = [Level(16, 50), Level(32, 90), Level(48, 100), partial];

        // when
        SweepAnalysis analysis = SweepAnalyzer.Analyze(levels);

        // then
        Assert.Equal(48, analysis.Peak!.Concurrency);
        Assert.Null(analysis.Breakpoint.Concurrency);
        Assert.Equal(48, analysis.Plateau!.ToConcurrency);
        Assert.DoesNotContain(analysis.Breakpoint.Evidence.Observations, o => o.Concurrency == 64);
        Assert.EndsWith(" c=64 never had its concurrency in flight (at most 20 requests at once) and is left out of the verdicts.", analysis.Reading);
    }
}
