using LlmLoad.Simulator.Engine;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Virtual;

/// <summary>The virtual-time schedule of one level: users ramp up until <see cref="RampSeconds"/>, measurement runs from <see cref="WarmupSeconds"/> to <see cref="EndSeconds"/>.</summary>
public sealed record VirtualRunPlan(double RampSeconds, double WarmupSeconds, double EndSeconds)
{
    /// <summary>
    /// Sizes a level from a rough E2E estimate so that it sees enough turnovers for a steady state
    /// (the reference model's <c>run_point</c>): batch b = min(c, max_num_seqs), one step with ~1.6
    /// new-prompt tokens per sequence, X = b / (frontend + (out + 1)·T), E2E = c / X.
    /// </summary>
    public static VirtualRunPlan For(SimulatorProfile profile, int concurrency, VirtualWorkload workload, VirtualRunOptions options)
    {
        var batch = Math.Min(concurrency, profile.MaxNumSeqs);
        var stepMs = StepTimeModel.DeterministicMs(profile, batch, batch + batch / 50 * 80, batch * 90L, concurrency);
        var requestsPerSecond = batch / ((profile.FrontendMs + (workload.OutputTokens + 1) * stepMs) / 1000.0);
        var e2eSeconds = concurrency / requestsPerSecond;
        // a session lasts its turns and the think times between them; one turn is one request
        var thinkSeconds = workload.ThinkTimeMs / 1000.0 * (workload.TurnsPerSession - 1) / workload.TurnsPerSession;
        var sessionSeconds = workload.TurnsPerSession * (e2eSeconds + thinkSeconds);
        var ramp = options.RampSeconds ?? Math.Min(options.MaximumRampSeconds, e2eSeconds);
        var warmup = Math.Max(options.MinimumWarmupSeconds, ramp + 2.0 * sessionSeconds);
        var window = Math.Max(options.MinimumWindowSeconds, options.WindowE2eMultiple * sessionSeconds);
        return new VirtualRunPlan(ramp, warmup, warmup + window);
    }
}
