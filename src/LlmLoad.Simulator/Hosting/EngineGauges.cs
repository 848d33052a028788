namespace LlmLoad.Simulator.Hosting;

/// <summary>The engine's state as of its last step, for <c>/metrics</c> (vLLM names in comments).</summary>
/// <param name="Running">Sequences running (<c>vllm:num_requests_running</c>).</param>
/// <param name="Waiting">Sequences waiting (<c>vllm:num_requests_waiting</c>).</param>
/// <param name="KvCacheUsage">Fraction of KV blocks in use, 0..1 (<c>vllm:kv_cache_usage_perc</c>).</param>
/// <param name="PromptTokens">Prompt tokens processed (<c>vllm:prompt_tokens_total</c>).</param>
/// <param name="GenerationTokens">Tokens generated (<c>vllm:generation_tokens_total</c>).</param>
/// <param name="Preemptions">Recompute preemptions (<c>vllm:num_preemptions_total</c>).</param>
/// <param name="Steps">Engine steps run.</param>
/// <param name="PrefixCacheQueries">Prompt tokens looked up in the prefix cache (<c>vllm:prefix_cache_queries_total</c>).</param>
/// <param name="PrefixCacheHits">Prompt tokens found there (<c>vllm:prefix_cache_hits_total</c>).</param>
public readonly record struct EngineGauges(
    int Running,
    int Waiting,
    double KvCacheUsage,
    long PromptTokens,
    long GenerationTokens,
    long Preemptions,
    long Steps,
    long PrefixCacheQueries,
    long PrefixCacheHits);
