using LlmLoad.Simulator.Frontend;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Tests.Frontend;

public sealed class AdmissionPolicyTests
{
    private static readonly SimulatorProfile s_profile = new()
    {
        Name = "admission-test",
        FrontendMs = 100,
        FrontendCv = 0.15,
        SoftInflight = 100,
        HardInflight = 200,
        DropPmax = 0.4,
    };

    [Fact]
    public void At_the_hard_limit_a_request_is_rejected_with_503_without_drawing()
    {
        var random = new Random(1);

        var decision = new AdmissionPolicy(s_profile).Decide(random, requestsInFlight: 200, maxTokens: 100, ignoreEos: true);

        Assert.Equal((AdmissionOutcome.RejectedOverload, 503), (decision.Outcome, decision.ErrorStatusCode));
        Assert.Equal(new Random(1).Next(), random.Next());
    }

    [Fact]
    public void Below_the_soft_limit_no_stream_is_cut()
    {
        var policy = new AdmissionPolicy(s_profile);
        var random = new Random(2);

        var decisions = Enumerable.Range(0, 10_000).Select(_ => policy.Decide(random, 99, 100, true)).ToArray();

        Assert.All(decisions, d => Assert.Equal((AdmissionOutcome.Accepted, StreamFault.None, 100), (d.Outcome, d.Fault, d.OutputTokens)));
    }

    [Theory]
    [InlineData(149, 0.2)]  // half-way between soft and hard (150 with this request): pmax / 2
    [InlineData(199, 0.4)]  // at the hard limit: pmax
    public void The_cut_probability_ramps_linearly_from_the_soft_to_the_hard_limit(int inFlight, double expected)
    {
        var policy = new AdmissionPolicy(s_profile);
        var random = new Random(3);

        var decisions = Enumerable.Range(0, 40_000).Select(_ => policy.Decide(random, inFlight, 100, true)).ToArray();

        Assert.Equal(expected, decisions.Count(d => d.Fault == StreamFault.OverloadCut) / 40_000.0, 0.01);
        Assert.All(decisions.Where(d => d.Fault != StreamFault.None), d => Assert.InRange(d.FaultAfterTokens, 1, 99));
    }

    [Fact]
    public void Injected_errors_are_429_500_or_503_at_the_configured_rate()
    {
        var policy = new AdmissionPolicy(s_profile with { InjectErrorRate = 0.1 });
        var random = new Random(4);

        var decisions = Enumerable.Range(0, 30_000).Select(_ => policy.Decide(random, 0, 100, true)).ToArray();

        var injected = decisions.Where(d => d.Outcome == AdmissionOutcome.InjectedError).ToArray();
        Assert.Equal(0.1, injected.Length / 30_000.0, 0.01);
        Assert.Equal([429, 500, 503], injected.Select(d => d.ErrorStatusCode).Distinct().Order());
    }

    [Fact]
    public void Without_ignore_eos_a_request_may_stop_early_and_says_so()
    {
        var policy = new AdmissionPolicy(s_profile with { EosProb = 0.05 });
        var random = new Random(5);

        var decisions = Enumerable.Range(0, 2_000).Select(_ => policy.Decide(random, 0, 100, ignoreEos: false)).ToArray();

        Assert.Contains(decisions, d => d.StopsEarly);
        Assert.All(decisions, d => Assert.Equal(d.OutputTokens < 100, d.StopsEarly));
    }

    [Fact]
    public void The_frontend_latency_is_lognormal_around_frontend_ms()
    {
        var policy = new AdmissionPolicy(s_profile);
        var random = new Random(6);

        var latencies = Enumerable.Range(0, 50_000).Select(_ => policy.Decide(random, 0, 100, true).FrontendMs).ToArray();

        Assert.Equal(100, latencies.Average(), 0.5);
        Assert.All(latencies, ms => Assert.True(ms > 0));
    }

    [Theory]
    [InlineData(0, 5, true)]
    [InlineData(0, 4, false)]
    [InlineData(4, 5, true)]
    [InlineData(5, 6, false)]
    [InlineData(2, 9, true)]
    public void A_fault_strikes_once_when_the_generated_count_passes_its_token(int before, int after, bool strikes)
    {
        var decision = new AdmissionDecision(AdmissionOutcome.Accepted, 0, 10, false, StreamFault.Disconnect, 5, 0);

        var struck = decision.FaultStrikesBetween(before, after);

        Assert.Equal(strikes, struck);
    }

    [Fact]
    public void A_fault_never_strikes_at_the_last_token()
    {
        var decision = new AdmissionDecision(AdmissionOutcome.Accepted, 0, 5, false, StreamFault.OverloadCut, 5, 0);

        var struck = decision.FaultStrikesBetween(4, 5);

        Assert.False(struck);
    }
}
