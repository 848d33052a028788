using LlmLoad.Core.Validation;
using LlmLoad.Core.Sweep;
using Xunit;
using static LlmLoad.Core.Tests.Sweep.GoodputSweepData;

namespace LlmLoad.Core.Tests.Sweep;

public sealed class AttainmentCeilingFinderTests
{
    private static AttainmentCeilingVerdict Find(IEnumerable<SweepLevel> levels, double target = 0.9) =>
        AttainmentCeilingFinder.Find([.. levels], SweepAnalysisOptions.Default with { MinSloAttainment = target })!;

    [Fact]
    public void The_highest_level_at_or_above_the_target_is_named_with_its_attainment_and_goodput()
    {
        AttainmentCeilingVerdict verdict = Find(Rising);

        Assert.Equal(64, verdict.Concurrency);
        Assert.Equal(2200.0 / 2400, verdict.SloAttainment!.Value, 9);
        Assert.Equal(22, verdict.Goodput!.Value, 9);
        Assert.Equal(0.9, verdict.Target);
        Assert.Equal([true, true, false], verdict.Evidence.Observations.Select(o => o.Holds));
        Assert.All(verdict.Evidence.Observations, o => Assert.Equal(("slo_attainment", ">=", 0.9), (o.Metric, o.Comparison, o.Threshold!.Value)));
        Assert.Equal("c=64 is the highest level where at least 90% of requests meet every SLO (ttft<=300ms,tpot<=20ms): 91.7%, goodput 22.0 req/s.",
            verdict.Evidence.Finding);
    }

    [Fact]
    public void A_level_exactly_at_the_target_meets_it()
    {
        AttainmentCeilingVerdict verdict = Find([Level(16, 10, good: 900), Level(32, 10, good: 899)]);

        Assert.Equal(16, verdict.Concurrency); // 900 / 1000 = 90% holds; 899 / 1000 does not
    }

    [Fact]
    public void Failed_requests_count_as_misses()
    {
        // c=128: 950 of 1000 completed requests met the SLO (95%), but 100 more failed: 950 / 1100 = 86.4%
        AttainmentCeilingVerdict verdict = Find([Level(16, 10, good: 990), Level(128, 10, good: 950, failed: 100)]);

        Assert.Equal(16, verdict.Concurrency);
        Assert.Equal(950.0 / 1100, verdict.Evidence.Observations[1].Value!.Value, 9);
        Assert.False(verdict.Evidence.Observations[1].Holds);
    }

    [Fact]
    public void A_lower_level_that_missed_does_not_hide_a_higher_one_that_met_it_and_the_finding_says_so()
    {
        AttainmentCeilingVerdict verdict = Find([Level(16, 10, good: 850), Level(32, 12, good: 1140), Level(64, 14, good: 700)]);

        Assert.Equal(32, verdict.Concurrency); // 85%, 95%, 50%
        Assert.EndsWith("; c=16 below it missed the target.", verdict.Evidence.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void When_no_level_reaches_the_target_the_finding_names_the_best_one()
    {
        AttainmentCeilingVerdict verdict = Find(Rising, target: 0.995);

        Assert.Null(verdict.Concurrency);
        Assert.Null(verdict.SloAttainment);
        Assert.Equal("No level had at least 99.5% of its requests meeting every SLO (ttft<=300ms,tpot<=20ms); the best was 99.0% at c=16.",
            verdict.Evidence.Finding);
    }

    [Fact]
    public void A_lower_target_moves_the_ceiling_up()
    {
        AttainmentCeilingVerdict verdict = Find(Rising, target: 0.5);

        Assert.Equal(256, verdict.Concurrency); // 1500 / 3000 = 50%
    }

    [Fact]
    public void Without_per_request_slos_there_is_no_verdict()
    {
        AttainmentCeilingVerdict? verdict = AttainmentCeilingFinder.Find([.. SweepData.GptOssLike], SweepAnalysisOptions.Default);

        Assert.Null(verdict);
    }

    [Fact]
    public void The_sweep_analysis_reads_both_goodput_verdicts_in_a_sentence()
    {
        SweepAnalysis analysis = SweepAnalyzer.Analyze(Rising);

        Assert.Equal(64, analysis.MaxConcurrencyAtAttainment!.Concurrency);
        Assert.Equal(64, analysis.GoodputPeak!.Concurrency);
        Assert.EndsWith(" Max concurrency at >= 90% SLO attainment (ttft<=300ms,tpot<=20ms): c=64 (91.7%); highest goodput 22.0 req/s at c=64.",
            analysis.Reading, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_outside_zero_to_one_is_refused()
    {
        IReadOnlyList<OptionProblem> problems = (SweepAnalysisOptions.Default with { MinSloAttainment = 0 }).Validate();

        Assert.Equal([new OptionProblem(OptionField.Attainment, null, "0 must be above 0 and at most 1 (e.g. 0.9 for 90% of requests).")], problems);
    }
}
