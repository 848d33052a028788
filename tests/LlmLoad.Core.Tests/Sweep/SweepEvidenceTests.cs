using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sweep;
using Xunit;
using static LlmLoad.Core.Tests.Sweep.SweepData;

namespace LlmLoad.Core.Tests.Sweep;

public sealed class SweepEvidenceTests
{
    private static SloSet Slo(string text)
    {
        Assert.True(SloSet.TryParse(text, out SloSet? set, out IReadOnlyList<string> errors), string.Join("; ", errors));
        return set!;
    }

    [Fact]
    public void The_knee_evidence_compares_every_level_up_to_the_knee_with_the_threshold()
    {
        SweepAnalysis analysis = SweepAnalyzer.Analyze(GptOssLike);

        SweepEvidence evidence = analysis.Knee!.Evidence;

        Assert.Equal([16, 32, 64, 128, 256, 512, 800], evidence.Observations.Select(o => o.Load));
        Assert.Equal([false, false, false, false, false, false, true], evidence.Observations.Select(o => o.Holds));
        Assert.All(evidence.Observations, o => Assert.Equal(("request_throughput", ">="), (o.Metric, o.Comparison)));
        Assert.Equal(121.0, evidence.Observations[5].Value);
        Assert.Equal("lowest level with request_throughput >= 90% of the peak", evidence.Criterion);
        Assert.Equal("c=800 is the lowest level reaching 90% of the peak: 130 req/s >= 122 req/s (90% of 136 req/s at c=1200).", evidence.Finding);
    }

    [Fact]
    public void The_peak_evidence_lists_every_level_and_names_the_output_peak()
    {
        SweepAnalysis analysis = SweepAnalyzer.Analyze(GptOssLike);

        SweepEvidence evidence = analysis.Peak!.Evidence;

        Assert.Equal(GptOssLike.Count, evidence.Observations.Count);
        Assert.Equal(1200, analysis.Peak.OutputPeakLoad);
        Assert.Equal("c=1200 has the highest request throughput, 136 req/s (output 13600 tok/s); output throughput peaks at c=1200 with 13600 tok/s.", evidence.Finding);
    }

    [Fact]
    public void The_breakpoint_evidence_checks_success_everywhere_and_decline_after_the_peak()
    {
        SweepAnalysis analysis = SweepAnalyzer.Analyze(GptOssLike);

        SweepEvidence evidence = analysis.Breakpoint.Evidence;

        // 11 levels up to c=1600 checked for success; c=1400 and c=1600 (after the peak) for decline too
        Assert.Equal(13, evidence.Observations.Count);
        Assert.Equal(2, evidence.Observations.Count(o => o.Metric == "request_throughput"));
        SweepObservation last = evidence.Observations.Last(o => o.Metric == "success_rate");
        Assert.Equal((1600, false, 0.99), (last.Load, last.Holds, last.Threshold!.Value));
        Assert.Equal(12800.0 / 13182, last.Value!.Value, 12);
        Assert.Equal("lowest level with success_rate < 0.99, or, after the peak at c=1200, request_throughput more than 10% below it (< 122.4 req/s)", evidence.Criterion);
        Assert.Equal("c=1600 is the lowest level with a success rate below 99%: 97.1%.", evidence.Finding);
    }

    [Fact]
    public void A_decline_breakpoint_names_the_floor_and_the_peak()
    {
        SweepAnalysis analysis = SweepAnalyzer.Analyze(LlamaLike);

        string finding = analysis.Breakpoint.Evidence.Finding;

        Assert.Equal("c=2500 is the lowest level after the peak whose request throughput fell more than 10% below it: 62.0 req/s < 63.0 req/s (90% of 70.0 req/s at c=512).", finding);
    }

    [Fact]
    public void Max_concurrency_within_slo_is_the_highest_level_meeting_every_condition_with_its_goodput()
    {
        var options = new SweepAnalysisOptions { Slo = Slo("ttft_p99<=2000,tpot_mean<=50") };

        SweepAnalysis analysis = SweepAnalyzer.Analyze(GptOssLike, options);

        SloCeilingVerdict ceiling = analysis.MaxConcurrencyWithinSlo!;
        Assert.Equal(800, ceiling.Load); // c=1000 has p99 TTFT 2400 ms
        Assert.Equal(120.0, ceiling.Goodput); // 12000 good requests in 100 s
        Assert.Equal("p99_ttft_ms<=2000, mean_tpot_ms<=50, success_rate>=0.99", ceiling.Slo);
        Assert.Equal(3 * GptOssLike.Count, ceiling.Evidence.Observations.Count);
        Assert.Equal(
            "c=800 is the highest level meeting every condition (p99_ttft_ms<=2000, mean_tpot_ms<=50, success_rate>=0.99); its goodput is 120 req/s.",
            ceiling.Evidence.Finding);
        Assert.EndsWith(" Max concurrency within SLO (p99_ttft_ms<=2000, mean_tpot_ms<=50, success_rate>=0.99): c=800, goodput 120 req/s.", analysis.Reading);
    }

    [Fact]
    public void A_level_whose_requests_fail_fast_is_not_within_slo_by_default()
    {
        // c=64 meets the latency SLO only because its slow requests failed
        SweepLevel[] levels = [Level(16, 10, p99TtftMs: 500), Level(32, 20, p99TtftMs: 900), Level(64, 15, failed: 1500, p99TtftMs: 300)];
        var strict = new SweepAnalysisOptions { Slo = Slo("ttft_p99<=1000") };
        var latencyOnly = strict with { SloRequiresSuccessRate = false };

        SweepAnalysis byDefault = SweepAnalyzer.Analyze(levels, strict);
        SweepAnalysis withoutSuccess = SweepAnalyzer.Analyze(levels, latencyOnly);

        Assert.Equal(32, byDefault.MaxConcurrencyWithinSlo!.Load);
        Assert.Equal(64, withoutSuccess.MaxConcurrencyWithinSlo!.Load);
        Assert.Equal("p99_ttft_ms<=1000", withoutSuccess.MaxConcurrencyWithinSlo.Slo);
    }

    [Fact]
    public void A_success_rate_condition_in_the_slo_replaces_the_default_one()
    {
        var options = new SweepAnalysisOptions { Slo = Slo("ttft_p99<=5000,success_rate>=95%") };

        SweepAnalysis analysis = SweepAnalyzer.Analyze(GptOssLike, options);

        Assert.Equal(1600, analysis.MaxConcurrencyWithinSlo!.Load); // 97.1% >= 95%
        Assert.Equal("p99_ttft_ms<=5000, success_rate>=0.95", analysis.MaxConcurrencyWithinSlo.Slo);
    }

    [Fact]
    public void When_no_level_meets_the_slo_the_verdict_has_no_level_and_the_reading_says_so()
    {
        var options = new SweepAnalysisOptions { Slo = Slo("ttft_p99<=100") };

        SweepAnalysis analysis = SweepAnalyzer.Analyze(GptOssLike, options);

        Assert.Null(analysis.MaxConcurrencyWithinSlo!.Load);
        Assert.Null(analysis.MaxConcurrencyWithinSlo.Goodput);
        Assert.EndsWith(" No level met the SLO (p99_ttft_ms<=100, success_rate>=0.99).", analysis.Reading);
    }

    [Fact]
    public void Without_slos_there_is_no_slo_verdict()
    {
        SweepAnalysis analysis = SweepAnalyzer.Analyze(GptOssLike);

        Assert.Null(analysis.MaxConcurrencyWithinSlo);
    }
}
