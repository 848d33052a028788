using LlmLoad.Simulator.Engine;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Frontend;

/// <summary>
/// The overload and fault model of the serving stack around the engine (docs/simulator.md § "Frontend" and § "Overload and faults"), shared
/// by the virtual-time and real-time drivers so both decide every request the same way.
/// </summary>
/// <remarks>
/// Random draws, in order, each only when its knob is non-zero: injected error (1 uniform, +1 for the
/// status); early EOS (1); soft-zone cut (1, +1 for the position); disconnect (1, +1); malformed event
/// (1, +1); frontend latency (2). A request rejected at the hard limit draws nothing.
/// </remarks>
public sealed class AdmissionPolicy(SimulatorProfile profile)
{
    private static readonly int[] s_injectedStatuses = [429, 500, 503];

    /// <param name="random">The driver's seeded generator.</param>
    /// <param name="requestsInFlight">Requests accepted and not yet finished, excluding this one.</param>
    /// <param name="maxTokens">The request's max_tokens.</param>
    /// <param name="ignoreEos">When false, the request may end early on EOS (<c>eos_prob</c>).</param>
    public AdmissionDecision Decide(Random random, int requestsInFlight, int maxTokens, bool ignoreEos)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens);
        if (requestsInFlight >= profile.HardInflight)
        {
            return new AdmissionDecision(AdmissionOutcome.RejectedOverload, 503, 0, false, StreamFault.None, 0, 0);
        }

        if (profile.InjectErrorRate > 0 && random.NextDouble() < profile.InjectErrorRate)
        {
            var status = s_injectedStatuses[random.Next(s_injectedStatuses.Length)];
            return new AdmissionDecision(AdmissionOutcome.InjectedError, status, 0, false, StreamFault.None, 0, 0);
        }

        var outputTokens = ignoreEos ? maxTokens : RandomDraws.TokensUntilEos(random, profile.EosProb, maxTokens);
        var (fault, faultAfter) = PlanFault(random, requestsInFlight + 1, outputTokens);
        var frontendMs = profile.FrontendMs * RandomDraws.LogNormalMeanOne(random, profile.FrontendCv);
        return new AdmissionDecision(AdmissionOutcome.Accepted, 0, outputTokens, outputTokens < maxTokens, fault, faultAfter, frontendMs);
    }

    private (StreamFault Fault, int AfterTokens) PlanFault(Random random, int inFlightWithThis, int outputTokens)
    {
        // a fault strikes after k in [1, n-1] tokens, so it always hits a stream before its end
        var lastCut = Math.Max(1, outputTokens - 1);
        if (inFlightWithThis > profile.SoftInflight && profile.DropPmax > 0)
        {
            var span = Math.Max(1, profile.HardInflight - profile.SoftInflight);
            var fraction = Math.Min(1.0, (double)(inFlightWithThis - profile.SoftInflight) / span);
            if (random.NextDouble() < profile.DropPmax * fraction)
            {
                return (StreamFault.OverloadCut, random.Next(1, lastCut + 1));
            }
        }

        if (profile.DisconnectRate > 0 && random.NextDouble() < profile.DisconnectRate)
        {
            return (StreamFault.Disconnect, random.Next(1, lastCut + 1));
        }

        if (profile.MalformedEventRate > 0 && random.NextDouble() < profile.MalformedEventRate)
        {
            return (StreamFault.MalformedEvent, random.Next(1, lastCut + 1));
        }

        return (StreamFault.None, 0);
    }
}
