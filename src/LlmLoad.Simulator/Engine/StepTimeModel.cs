using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Engine;

/// <summary>
/// The deterministic part of a step's duration (docs/simulator.md § "Step time"), in ms:
/// <code>
/// φ      = 1 − (1 − top_k/n_experts)^n_tok            expected fraction of routed experts touched (1 if dense)
/// T_w    = w_dense + w_expert·φ                         HBM weight streaming
/// T_step = t0 + max(T_w, n_tok·tau_c) + n_ctx·tau_kv/1e6 + B·tau_seq + N_sys·tau_sys
/// </code>
/// Prefill chunks count in n_tok, so prefill competes with decodes for compute.
/// </summary>
public static class StepTimeModel
{
    /// <summary>The deterministic step time for 1 sequence of 1 token plus the frontend latency, in ms.</summary>
    /// <remarks>Zero for a profile that models no delay at all, such as <c>instant</c>.</remarks>
    public static double MinimumModelledDelayMs(SimulatorProfile profile) => profile.FrontendMs + DeterministicMs(profile, 1, 1, 1, 1);

    /// <param name="profile">Step-time parameters.</param>
    /// <param name="sequences">B: sequences in the batch.</param>
    /// <param name="tokens">n_tok: scheduled tokens (decodes plus prefill chunks).</param>
    /// <param name="contextTokens">n_ctx: Σ (computed + scheduled) over the batch, the KV read by attention.</param>
    /// <param name="requestsInFlight">N_sys: requests open in the server.</param>
    /// <returns>Duration in ms; 0 for an empty batch.</returns>
    public static double DeterministicMs(SimulatorProfile profile, int sequences, int tokens, long contextTokens, int requestsInFlight)
    {
        if (sequences == 0)
        {
            return 0.0;
        }

        var expertFraction = 1.0;
        if (profile.WExpertMs > 0 && profile.NExperts > 1)
        {
            expertFraction = 1.0 - Math.Pow(1.0 - (double)profile.TopK / profile.NExperts, tokens);
        }

        var weightsMs = profile.WDenseMs + profile.WExpertMs * expertFraction;
        var gemmMs = Math.Max(weightsMs, tokens * profile.TauCUs / 1000.0);
        return profile.T0Ms
               + gemmMs
               + contextTokens * profile.TauKvUsPerKtok / 1e6
               + sequences * profile.TauSeqUs / 1000.0
               + requestsInFlight * profile.TauSysUs / 1000.0;
    }
}
