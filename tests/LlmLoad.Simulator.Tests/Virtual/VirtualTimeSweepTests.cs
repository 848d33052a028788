using LlmLoad.Simulator.Profiles;
using LlmLoad.Simulator.Virtual;

namespace LlmLoad.Simulator.Tests.Virtual;

/// <summary>
/// Golden tests against the reference model's figures for the same profiles (docs/simulator.md § "Calibration results"):
/// the c=32 row within ±5% and the plateau within ±8%.
/// </summary>
public sealed class VirtualTimeSweepTests
{
    private static readonly VirtualWorkload s_baseline = VirtualWorkload.StudyBaseline;

    [Theory]
    //            profile               req/s   out tok/s  tok/s/user  TTFT ms  TPOT ms  ITL ms
    [InlineData("gpt-oss-20b", 32.6, 3257, 121.2, 165.6, 8.25, 8.68)]
    [InlineData("gemma-3-27b", 12.35, 1233, 51.4, 669.9, 19.45, 20.48)]
    [InlineData("llama-4-scout-4gpu", 14.23, 1419, 51.2, 318.8, 19.53, 20.53)]
    public void The_c32_row_reproduces_the_reference_table_within_5_percent(
        string profile, double requestsPerSecond, double outputTokensPerSecond, double perUser, double ttftMs, double tpotMs, double itlMs)
    {
        var result = VirtualTimeSweep.RunLevel(ProfileCatalog.Get(profile), 32, s_baseline, VirtualRunOptions.Default, TestContext.Current.CancellationToken);

        AssertWithin(requestsPerSecond, result.RequestsPerSecond, 0.05, "req/s");
        AssertWithin(outputTokensPerSecond, result.OutputTokensPerSecond, 0.05, "out tok/s");
        AssertWithin(perUser, 1000 / result.MeanTpotMs(), 0.05, "tok/s/user");
        AssertWithin(ttftMs, result.MeanTtftMs(), 0.05, "TTFT");
        AssertWithin(tpotMs, result.MeanTpotMs(), 0.05, "TPOT");
        AssertWithin(itlMs, result.MeanItlMs(), 0.05, "ITL");
        Assert.Equal(0, result.Failed);
    }

    [Theory]
    [InlineData("gpt-oss-20b", 1000, 133.4)]
    [InlineData("gemma-3-27b", 1000, 60.6)]
    [InlineData("llama-4-scout-4gpu", 512, 70.4)]
    public void The_plateau_reproduces_the_reference_table_within_8_percent(string profile, int concurrency, double requestsPerSecond)
    {
        var result = VirtualTimeSweep.RunLevel(ProfileCatalog.Get(profile), concurrency, s_baseline, VirtualRunOptions.Default, TestContext.Current.CancellationToken);

        AssertWithin(requestsPerSecond, result.RequestsPerSecond, 0.08, "plateau req/s");
        Assert.Equal(0, result.Failed);
    }

    [Fact]
    public void Gpt_oss_loses_requests_beyond_about_1600_users()
    {
        var results = VirtualTimeSweep.Run(ProfileCatalog.Get("gpt-oss-20b"), [1400, 2000], s_baseline, VirtualRunOptions.Default, TestContext.Current.CancellationToken);

        Assert.Equal(0, results[0].Failed);
        Assert.InRange(results[1].FailurePercent, 10, 50);
        Assert.Contains(SimulatedFailure.StreamCut, results[1].FailuresByKind.Keys);
    }

    [Fact]
    public void Scout_peaks_at_512_users_then_declines_and_loses_requests_only_beyond_3000()
    {
        var results = VirtualTimeSweep.Run(ProfileCatalog.Get("llama-4-scout-4gpu"), [512, 2000, 3000, 4000], s_baseline, VirtualRunOptions.Default,
            TestContext.Current.CancellationToken);

        AssertWithin(63.2, results[1].RequestsPerSecond, 0.08, "c=2000 req/s");
        Assert.True(results[1].RequestsPerSecond < 0.95 * results[0].RequestsPerSecond, "throughput declines after the peak");
        Assert.Equal(0, results[2].Failed);
        Assert.InRange(results[3].FailurePercent, 10, 40);
    }

    [Fact]
    public void Levels_are_deterministic_for_a_seed_whatever_the_parallelism()
    {
        var profile = ProfileCatalog.Get("tiny");
        int[] levels = [4, 16, 96];

        var parallel = VirtualTimeSweep.Run(profile, levels, s_baseline, new VirtualRunOptions { MaxDegreeOfParallelism = 3 }, TestContext.Current.CancellationToken);
        var sequential = VirtualTimeSweep.Run(profile, levels, s_baseline, new VirtualRunOptions { MaxDegreeOfParallelism = 1 }, TestContext.Current.CancellationToken);
        var otherSeed = VirtualTimeSweep.Run(profile, levels, s_baseline, new VirtualRunOptions { Seed = 2 }, TestContext.Current.CancellationToken);

        Assert.Equal(levels, parallel.Select(r => r.Concurrency));
        Assert.Equal(parallel.Select(Fingerprint), sequential.Select(Fingerprint));
        Assert.NotEqual(parallel.Select(Fingerprint), otherSeed.Select(Fingerprint));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(200)]
    public void Every_request_sent_is_succeeded_failed_or_still_in_flight(int concurrency)
    {
        // tiny rejects above 64 in flight and cuts streams above 48
        var result = VirtualTimeSweep.RunLevel(ProfileCatalog.Get("tiny"), concurrency, s_baseline, VirtualRunOptions.Default, TestContext.Current.CancellationToken);

        var totals = result.Totals;
        Assert.Equal(totals.Sent, totals.Succeeded + totals.Failed + totals.InFlight);
        Assert.InRange(totals.InFlight, 0, Math.Min(concurrency, 64));
        Assert.True(result.Succeeded > 0);
    }

    [Fact]
    public void Injected_errors_fail_about_their_rate_of_attempts()
    {
        var profile = ProfileCatalog.Get("tiny") with { InjectErrorRate = 0.2, ClientRetryBackoffMs = 0 };

        var result = VirtualTimeSweep.RunLevel(profile, 8, s_baseline, VirtualRunOptions.Default, TestContext.Current.CancellationToken);

        Assert.InRange(result.FailurePercent, 18, 22);
        Assert.Equal(
            [SimulatedFailure.Injected429, SimulatedFailure.Injected500, SimulatedFailure.Injected503],
            result.FailuresByKind.Keys.Order());
    }

    [Fact]
    public void A_slow_first_byte_adds_to_every_time_to_first_token()
    {
        var profile = ProfileCatalog.Get("tiny");

        var normal = VirtualTimeSweep.RunLevel(profile, 4, s_baseline, VirtualRunOptions.Default, TestContext.Current.CancellationToken);
        var slow = VirtualTimeSweep.RunLevel(profile with { SlowFirstByteMs = 500 }, 4, s_baseline, VirtualRunOptions.Default, TestContext.Current.CancellationToken);

        Assert.True(normal.Successful().Max(r => r.TtftMs()) < 100);
        Assert.True(slow.Successful().All(r => r.TtftMs() > 500 - 1e-9)); // sent + 500 − sent, up to rounding
    }

    [Fact]
    public void A_profile_without_modelled_delay_cannot_run_in_virtual_time()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            VirtualTimeSweep.Run(ProfileCatalog.Get("instant"), [1], s_baseline, VirtualRunOptions.Default, TestContext.Current.CancellationToken));

        Assert.Contains("profile \"instant\" models no delay", error.Message);
    }

    [Fact]
    public void A_window_is_at_least_the_minimum_and_follows_the_reference_sizing()
    {
        // gemma at c=32: b=32, T(32 seqs, 32 + 32/50·80 = 32 tokens, 2880 ctx, 32) = 19.6576 ms,
        // E2E = c / X = 0.64 + 101·0.0196576 = 2.6254 s; warm-up max(8, 3·2.6254); window max(60, 5·2.6254)
        var plan = VirtualRunPlan.For(ProfileCatalog.Get("gemma-3-27b"), 32, s_baseline, VirtualRunOptions.Default);

        Assert.Equal(2.6254176, plan.RampSeconds, 6);
        Assert.Equal(8.0, plan.WarmupSeconds, 9);
        Assert.Equal(68.0, plan.EndSeconds, 9);
    }

    private static void AssertWithin(double expected, double actual, double tolerance, string what)
    {
        var error = actual / expected - 1;
        Assert.True(Math.Abs(error) <= tolerance, $"{what}: {actual:F2} vs {expected:F2} ({error:+0.0%;-0.0%}), tolerance ±{tolerance:P0}");
    }

    private static string Fingerprint(VirtualLevelResult r) =>
        FormattableString.Invariant($"{r.Concurrency}:{r.Succeeded}:{r.Failed}:{r.Totals}:")
        + string.Join(",", r.Requests.Select(t => FormattableString.Invariant($"{t.SentAtMs:R}/{string.Join("/", t.EventAtMs)}/{t.EndAtMs:R}/{t.Failure}")));
}
