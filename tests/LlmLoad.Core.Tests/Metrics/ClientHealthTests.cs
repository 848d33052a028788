using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class ClientHealthTests
{
    [Fact]
    public void A_healthy_client_gives_no_warning()
    {
        // given
        var health = new ClientHealth(CpuFractionOfMachine: 0.3, CpuMsPerRequest: 0.2, TimerLagP99Ms: 1.5, TimerLagMaxMs: 4, Pace: new OpenLoopPace(2000, 1999, LagP99Ms: 0.8));

        // when / then
        Assert.Empty(health.Warnings());
    }

    [Fact]
    public void A_saturated_late_client_that_fell_behind_its_schedule_says_so_three_times()
    {
        // given
        var health = new ClientHealth(CpuFractionOfMachine: 0.97, CpuMsPerRequest: 3, TimerLagP99Ms: 42.4, TimerLagMaxMs: 120, Pace: new OpenLoopPace(2000, 1543.3, LagP99Ms: 55));

        // when
        var warnings = health.Warnings();

        // then
        Assert.Equal(3, warnings.Count);
        Assert.StartsWith("client CPU 97% of ", warnings[0]);
        Assert.Equal("client timers fired up to 42.4 ms late (p99; worst 120.0 ms): latency differences below ~42 ms may be the client's, not the endpoint's.", warnings[1]);
        Assert.StartsWith("the client fell behind its arrival schedule: it sent 1543.3 req/s of the 2000 scheduled (send lag p99 55.0 ms)", warnings[2]);
    }

    [Fact]
    public void An_open_loop_short_of_its_rate_fell_behind()
    {
        var health = new ClientHealth(0.5, null, 1, 1, new OpenLoopPace(2000, 1979.9, LagP99Ms: 1.2));

        Assert.StartsWith("the client fell behind its arrival schedule", Assert.Single(health.Warnings()));
    }

    [Fact]
    public void An_open_loop_late_by_the_limit_that_kept_its_rate_sent_late_but_did_not_fall_behind()
    {
        var health = new ClientHealth(0.5, null, 1, 1, new OpenLoopPace(2000, 2000, ClientHealth.LateTimerMs));

        Assert.Equal("the client sent late: send lag p99 10.0 ms behind its arrival schedule, though it kept the rate (2000 req/s of the 2000 scheduled); open-loop latencies count the lag.",
            Assert.Single(health.Warnings()));
    }

    [Fact]
    public void A_client_paused_by_its_garbage_collector_for_a_twentieth_of_the_run_says_so()
    {
        var justBelow = new ClientHealth(0.5, null, 1, 1, null, GcPauseFraction: ClientHealth.PausedGcFraction - 0.001);
        var atTheLimit = justBelow with { GcPauseFraction = ClientHealth.PausedGcFraction };

        Assert.Empty(justBelow.Warnings());
        Assert.Equal("the client's garbage collector paused it 5% of the run: events that arrived during a pause were stamped late, which raises the p99 latencies.",
            Assert.Single(atTheLimit.Warnings()));
    }

    [Fact]
    public void A_token_count_that_took_half_a_second_for_one_response_says_so()
    {
        var justBelow = new ClientHealth(0.5, null, 1, 1, null, SlowestTokenCountMs: ClientHealth.SlowTokenCountMs - 1);
        var atTheLimit = justBelow with { SlowestTokenCountMs = ClientHealth.SlowTokenCountMs };

        Assert.Empty(justBelow.Warnings());
        Assert.Equal("counting the tokens of one response took 500 ms (a long text, or one without spaces): it ran after the response and off the threads that stamp events, but it used a core meanwhile.",
            Assert.Single(atTheLimit.Warnings()));
    }

    [Fact]
    public void A_closed_loop_has_no_schedule_to_fall_behind()
    {
        // given a closed loop (no schedule lag) with a fine CPU share and a timer right at the limit
        var health = new ClientHealth(0.5, null, ClientHealth.LateTimerMs, ClientHealth.LateTimerMs, null);

        // when / then
        Assert.Single(health.Warnings());
    }
}
