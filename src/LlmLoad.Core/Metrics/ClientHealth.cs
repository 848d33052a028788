using LlmLoad.Core.Transport;

namespace LlmLoad.Core.Metrics;

/// <summary>
/// How busy the load generator itself was during a run, so a reader can tell the endpoint's latency
/// from the client's. CPU is the whole process's (the embedded simulator too, when it runs in-process).
/// </summary>
/// <param name="CpuFractionOfMachine">Process CPU time over wall time times the core count, 0 to 1.</param>
/// <param name="CpuMsPerRequest">Process CPU time per finished request, in ms.</param>
/// <param name="TimerLagP99Ms">99th percentile of how late a 100 ms timer fired: the client's event-loop delay.</param>
/// <param name="TimerLagMaxMs">The worst timer lateness, in ms.</param>
/// <param name="Pace">Open loop: the send rate achieved against the schedule's, and the send lag; null for a closed loop.</param>
/// <param name="Connections">How the connections opened before the run went; null when none were.</param>
/// <param name="GcPauseFraction">Share of the run's wall time the runtime paused every thread to collect garbage, 0 to 1.</param>
/// <param name="SlowestTokenCountMs">The longest it took to count one response's tokens, in ms (0 when every text was short).</param>
public sealed record ClientHealth(
    double CpuFractionOfMachine,
    double? CpuMsPerRequest,
    double TimerLagP99Ms,
    double TimerLagMaxMs,
    OpenLoopPace? Pace,
    PreopenReport? Connections = null,
    double GcPauseFraction = 0,
    double SlowestTokenCountMs = 0)
{
    /// <summary>
    /// Counting took this long for one response: it ran on a thread of its own, after the response, but on a machine
    /// with few cores that much CPU can still delay other requests' stamps (900 KB without spaces: about 1 s).
    /// </summary>
    public const double SlowTokenCountMs = 500;

    /// <summary>
    /// Paused this much of the time, the client delays a visible share of events: at 2% (c=1000) the pauses
    /// already set the added-TTFT p99, at 9-20% (c=4000-10,000) they dominate it (BENCHMARKS.md § "Capacity suite").
    /// </summary>
    public const double PausedGcFraction = 0.05;

    /// <summary>A connect this slow waited for a retransmitted SYN (Linux retries after 1 s, then 3 s).</summary>
    public const double SynRetryMs = 900;

    /// <summary>Above this CPU share the client competes with itself for cores.</summary>
    public const double BusyCpuFraction = 0.85;

    /// <summary>A timer this late means stamps taken on the client's threads can be late by as much.</summary>
    public const double LateTimerMs = 10;

    /// <summary>Warnings about how far the run can be trusted, one sentence each; empty when the client was healthy.</summary>
    public IReadOnlyList<string> Warnings()
    {
        var warnings = new List<string>();
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (CpuFractionOfMachine >= BusyCpuFraction)
        {
            warnings.Add(string.Create(invariant,
                $"client CPU {CpuFractionOfMachine * 100:0}% of {Environment.ProcessorCount} cores: the load generator (and the embedded simulator, if used) was saturated; latencies may include the client's own queueing."));
        }
        if (TimerLagP99Ms >= LateTimerMs)
        {
            warnings.Add(string.Create(invariant,
                $"client timers fired up to {TimerLagP99Ms:0.0} ms late (p99; worst {TimerLagMaxMs:0.0} ms): latency differences below ~{TimerLagP99Ms:0} ms may be the client's, not the endpoint's."));
        }
        if (GcPauseFraction >= PausedGcFraction)
        {
            warnings.Add(string.Create(invariant,
                $"the client's garbage collector paused it {GcPauseFraction * 100:0.#}% of the run: events that arrived during a pause were stamped late, which raises the p99 latencies."));
        }
        if (SlowestTokenCountMs >= SlowTokenCountMs)
        {
            warnings.Add(string.Create(invariant,
                $"counting the tokens of one response took {SlowestTokenCountMs:0} ms (a long text, or one without spaces): it ran after the response and off the threads that stamp events, but it used a core meanwhile."));
        }
        if (Pace is { } pace && (pace.LagP99Ms >= LateTimerMs || !pace.KeptRate))
        {
            warnings.Add(pace.CapReached is { } cap
                ? string.Create(invariant,
                    $"the --concurrency cap of {cap} held the open loop behind its arrival schedule: with {cap} requests in flight, sends waited for a free slot, so it sent {pace.AchievedPerSecond:0.#} req/s of the {pace.ScheduledPerSecond:0.#} scheduled (send lag p99 {pace.LagP99Ms:0.0} ms) and open-loop latencies count the wait; raise or drop --concurrency to offer the full rate.")
                : pace.KeptRate
                ? string.Create(invariant,
                    $"the client sent late: send lag p99 {pace.LagP99Ms:0.0} ms behind its arrival schedule, though it kept the rate ({pace.AchievedPerSecond:0.#} req/s of the {pace.ScheduledPerSecond:0.#} scheduled); open-loop latencies count the lag.")
                : string.Create(invariant,
                    $"the client fell behind its arrival schedule: it sent {pace.AchievedPerSecond:0.#} req/s of the {pace.ScheduledPerSecond:0.#} scheduled (send lag p99 {pace.LagP99Ms:0.0} ms); the offered load was lower than asked, and open-loop latencies count the lag."));
        }
        if (Connections is { } connections && (connections.Failed > 0 || connections.ConnectMaxMs >= SynRetryMs))
        {
            warnings.Add(string.Create(invariant,
                $"opening {connections.Opened + connections.Failed} connections before the run: {connections.Failed} failed, slowest {connections.ConnectMaxMs:0} ms; the endpoint's listen backlog may be shorter than the concurrency (the measured TTFTs exclude these connects)."));
        }
        return warnings;
    }
}
