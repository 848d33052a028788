namespace LlmLoad.Simulator.Profiles;

/// <summary>
/// Every parameter of one simulated deployment: the HTTP/frontend layer, the vLLM-style engine limits,
/// the step-time model and fault injection. Immutable; derive variants with <c>with</c>.
/// </summary>
/// <remarks>
/// The model (docs/simulator.md § "Engine model") in four lines:
/// a request waits <see cref="FrontendMs"/> (lognormal) before it reaches the engine queue; the engine
/// runs steps that batch up to <see cref="MaxNumSeqs"/> sequences and <see cref="MaxNumBatchedTokens"/>
/// tokens (decodes plus prefill chunks) within a paged KV pool of <see cref="KvCapacityTokens"/>; a step
/// lasts <c>t0 + max(weights, tokens·tau_c) + ctx·tau_kv + B·tau_seq + N_sys·tau_sys</c> with noise; and
/// the in-flight limits reject (503) or cut streams beyond the breakpoint.
/// JSON keys (the names in <see cref="ProfileJson"/>) are the snake_case names of the reference model.
/// Defaults are the reference model's defaults.
/// </remarks>
public sealed record SimulatorProfile
{
    /// <summary>Profile name, as given to <c>--sim-profile</c> and listed by <c>llmload profiles</c>.</summary>
    public string Name { get; init; } = "custom";

    /// <summary>One line: which model on which hardware this profile imitates.</summary>
    public string Description { get; init; } = "";

    /// <summary>Model id reported by <c>/v1/models</c> and echoed when a request names none.</summary>
    public string ServedModelName { get; init; } = "llmload-sim";

    // --- HTTP / frontend layer ---------------------------------------------------------------

    /// <summary>Mean request-path latency (network, API server, tokenization) added before the engine, in ms.</summary>
    public double FrontendMs { get; init; } = 150.0;

    /// <summary>Coefficient of variation of the lognormal frontend latency.</summary>
    public double FrontendCv { get; init; } = 0.15;

    /// <summary>In-flight requests above which new requests may have their stream cut.</summary>
    public int SoftInflight { get; init; } = int.MaxValue;

    /// <summary>In-flight requests at which new requests are rejected with 503.</summary>
    public int HardInflight { get; init; } = int.MaxValue;

    /// <summary>Probability of a stream cut at the hard limit; it ramps linearly from 0 at the soft limit.</summary>
    public double DropPmax { get; init; }

    /// <summary>Time without a first token after which the request fails with 504, in seconds.</summary>
    public double FirstByteTimeoutSeconds { get; init; } = 600.0;

    /// <summary>Engine waiting-queue length at which a new request fails with 429.</summary>
    public int MaxWaiting { get; init; } = int.MaxValue;

    /// <summary>Latency of an immediate rejection (503, injected errors), in ms.</summary>
    public double RejectMs { get; init; } = 20.0;

    /// <summary>Virtual-time load generator only: pause of a virtual user after a failure, in ms.</summary>
    public double ClientRetryBackoffMs { get; init; } = 1000.0;

    // --- fault injection ------------------------------------------------------------------------

    /// <summary>Probability that a request fails at admission with a random 429, 500 or 503.</summary>
    public double InjectErrorRate { get; init; }

    /// <summary>Probability that a stream is disconnected after a random number of tokens.</summary>
    public double DisconnectRate { get; init; }

    /// <summary>Probability that one event of a stream is written as unparsable JSON.</summary>
    public double MalformedEventRate { get; init; }

    /// <summary>Extra delay before the response headers of every request, in ms (0 = none).</summary>
    public double SlowFirstByteMs { get; init; }

    // --- engine limits (vLLM names) --------------------------------------------------------------

    /// <summary>Maximum sequences in one step (vLLM <c>max_num_seqs</c>).</summary>
    public int MaxNumSeqs { get; init; } = 1024;

    /// <summary>Token budget of one step, shared by decodes and prefill chunks (vLLM <c>max_num_batched_tokens</c>).</summary>
    public int MaxNumBatchedTokens { get; init; } = 8192;

    /// <summary>Tokens per KV-cache block.</summary>
    public int BlockSize { get; init; } = 16;

    /// <summary>
    /// Automatic prefix caching (vLLM <c>enable_prefix_caching</c>, on by default in vLLM V1): full KV blocks
    /// of earlier prompts are kept while memory allows, and a prompt that starts the same way skips
    /// computing them. See docs/simulator-prefix-cache.md.
    /// </summary>
    public bool PrefixCaching { get; init; } = true;

    /// <summary>KV-cache pool size in tokens (num_gpu_blocks × block_size).</summary>
    public int KvCapacityTokens { get; init; } = 1_000_000;

    /// <summary>Fraction of KV blocks kept free when admitting new requests.</summary>
    public double Watermark { get; init; } = 0.01;

    /// <summary>Chat-template tokens added to every chat prompt.</summary>
    public int PromptOverheadTokens { get; init; }

    /// <summary>Longest prompt plus output a request may ask for (vLLM <c>max_model_len</c>); longer requests get 400.</summary>
    public int MaxModelLen { get; init; } = 32768;

    // --- step-time model ---------------------------------------------------------------------------

    /// <summary>Fixed per-step overhead (launch, sync, scheduler), in ms.</summary>
    public double T0Ms { get; init; } = 1.0;

    /// <summary>Time to stream the always-read weights once, in ms.</summary>
    public double WDenseMs { get; init; } = 1.0;

    /// <summary>Time to stream all routed-expert weights once (MoE only), in ms.</summary>
    public double WExpertMs { get; init; }

    /// <summary>Routed experts per layer (1 for a dense model).</summary>
    public int NExperts { get; init; } = 1;

    /// <summary>Experts per token.</summary>
    public int TopK { get; init; } = 1;

    /// <summary>GEMM compute per batched token, in µs.</summary>
    public double TauCUs { get; init; } = 20.0;

    /// <summary>Attention KV read per 1000 context tokens in the batch, in µs.</summary>
    public double TauKvUsPerKtok { get; init; } = 20.0;

    /// <summary>Per-sequence cost of a step (sampler, detokenize, bookkeeping), in µs.</summary>
    public double TauSeqUs { get; init; } = 40.0;

    /// <summary>Per in-flight request cost of a step (server bookkeeping under overload), in µs.</summary>
    public double TauSysUs { get; init; }

    /// <summary>Coefficient of variation of the multiplicative lognormal step noise.</summary>
    public double StepCv { get; init; } = 0.03;

    /// <summary>Probability that a step has an extra stall.</summary>
    public double HiccupProb { get; init; } = 0.002;

    /// <summary>Mean of the exponential extra stall, in ms.</summary>
    public double HiccupMs { get; init; } = 15.0;

    /// <summary>Probability that a token's text is held back and sent with the next one.</summary>
    public double MergeProb { get; init; } = 0.05;

    /// <summary>Per-token probability of end-of-sequence when a request does not set <c>ignore_eos</c>.</summary>
    public double EosProb { get; init; }

    /// <summary>When the writer of a stream falls behind, send the waiting tokens as one event (as vLLM does).</summary>
    public bool CoalesceChunks { get; init; } = true;

    /// <summary>Checks every value; returns all problems as one-line messages naming the JSON key.</summary>
    public IReadOnlyList<string> Validate() => ProfileValidator.Validate(this, $"profile \"{Name}\"");
}
