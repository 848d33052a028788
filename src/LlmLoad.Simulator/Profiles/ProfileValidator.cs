using System.Globalization;

namespace LlmLoad.Simulator.Profiles;

/// <summary>The value checks of <see cref="SimulatorProfile.Validate"/>; messages name the JSON key.</summary>
internal static class ProfileValidator
{
    /// <summary>All problems, each prefixed with <paramref name="source"/> (a file or profile name).</summary>
    public static IReadOnlyList<string> Validate(SimulatorProfile p, string source)
    {
        var errors = new List<string>();

        void Require(bool ok, string key, object value, string expected)
        {
            if (!ok)
            {
                errors.Add($"{source}: \"{key}\" must be {expected}, got {Text(value)}.");
            }
        }

        void AtLeast(string key, double value, double min) =>
            Require(double.IsFinite(value) && value >= min, key, value, $"at least {Text(min)}");

        void Probability(string key, double value) =>
            Require(double.IsFinite(value) && value is >= 0 and <= 1, key, value, "between 0 and 1");

        void BelowOne(string key, double value) =>
            Require(double.IsFinite(value) && value is >= 0 and < 1, key, value, "at least 0 and below 1");

        Require(!string.IsNullOrWhiteSpace(p.Name), "name", p.Name, "a non-empty string");
        Require(!string.IsNullOrWhiteSpace(p.ServedModelName), "served_model_name", p.ServedModelName, "a non-empty string");

        AtLeast("frontend_ms", p.FrontendMs, 0);
        AtLeast("frontend_cv", p.FrontendCv, 0);
        AtLeast("soft_inflight", p.SoftInflight, 1);
        AtLeast("hard_inflight", p.HardInflight, 1);
        Require(p.SoftInflight <= p.HardInflight, "soft_inflight", p.SoftInflight, $"at most hard_inflight ({Text(p.HardInflight)})");
        Probability("drop_pmax", p.DropPmax);
        Require(double.IsFinite(p.FirstByteTimeoutSeconds) && p.FirstByteTimeoutSeconds > 0, "first_byte_timeout_s", p.FirstByteTimeoutSeconds, "above 0");
        AtLeast("max_waiting", p.MaxWaiting, 1);
        AtLeast("reject_ms", p.RejectMs, 0);
        AtLeast("client_retry_backoff_ms", p.ClientRetryBackoffMs, 0);

        Probability("inject_error_rate", p.InjectErrorRate);
        Probability("disconnect_rate", p.DisconnectRate);
        Probability("malformed_event_rate", p.MalformedEventRate);
        AtLeast("slow_first_byte_ms", p.SlowFirstByteMs, 0);

        AtLeast("max_num_seqs", p.MaxNumSeqs, 1);
        AtLeast("max_num_batched_tokens", p.MaxNumBatchedTokens, 1);
        AtLeast("block_size", p.BlockSize, 1);
        AtLeast("kv_capacity_tokens", p.KvCapacityTokens, Math.Max(1, p.BlockSize));
        BelowOne("watermark", p.Watermark);
        AtLeast("prompt_overhead_tokens", p.PromptOverheadTokens, 0);
        AtLeast("max_model_len", p.MaxModelLen, 2);

        // A request that can never fit below the admission watermark would wait forever.
        var usable = (long)Math.Floor(p.KvCapacityTokens * (1 - p.Watermark)) - Math.Max(1, p.BlockSize);
        if (p.MaxModelLen > usable && p.KvCapacityTokens >= p.BlockSize && p.Watermark is >= 0 and < 1)
        {
            errors.Add($"{source}: \"max_model_len\" must fit in the KV cache less the watermark and one block ({Text(usable)} tokens), got {Text(p.MaxModelLen)}.");
        }

        AtLeast("t0_ms", p.T0Ms, 0);
        AtLeast("w_dense_ms", p.WDenseMs, 0);
        AtLeast("w_expert_ms", p.WExpertMs, 0);
        AtLeast("n_experts", p.NExperts, 1);
        Require(p.TopK >= 1 && p.TopK <= p.NExperts, "top_k", p.TopK, $"between 1 and n_experts ({Text(p.NExperts)})");
        AtLeast("tau_c_us", p.TauCUs, 0);
        AtLeast("tau_kv_us_per_ktok", p.TauKvUsPerKtok, 0);
        AtLeast("tau_seq_us", p.TauSeqUs, 0);
        AtLeast("tau_sys_us", p.TauSysUs, 0);
        AtLeast("step_cv", p.StepCv, 0);
        Probability("hiccup_prob", p.HiccupProb);
        AtLeast("hiccup_ms", p.HiccupMs, 0);
        BelowOne("merge_prob", p.MergeProb);
        BelowOne("eos_prob", p.EosProb);
        return errors;
    }

    private static string Text(object value) => value switch
    {
        string s => $"\"{s}\"",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
