namespace LlmLoad.Simulator.Engine;

/// <summary>
/// One request inside the engine: its prompt, how many tokens it will generate, and the scheduler's
/// bookkeeping (tokens generated, tokens whose KV exists, KV blocks held).
/// </summary>
/// <remarks>Mutated only by <see cref="ServingEngine"/>, and only on the thread that drives it.</remarks>
public sealed class EngineSequence
{
    private List<KvBlockPool.CachedBlock>? _heldCachedBlocks;

    /// <param name="id">Caller-chosen identity.</param>
    /// <param name="promptTokens">Prompt length in tokens.</param>
    /// <param name="outputTokens">Tokens to generate.</param>
    /// <param name="owner">The driver's object for this request.</param>
    /// <param name="blockHashes">Chained hashes of the prompt's full KV blocks (<see cref="BlockHashBuilder"/>);
    /// none when the prompt's content is unknown, so nothing of it is cached or reused.</param>
    public EngineSequence(long id, int promptTokens, int outputTokens, object? owner = null, IReadOnlyList<ulong>? blockHashes = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(promptTokens);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputTokens);
        Id = id;
        PromptTokens = promptTokens;
        OutputTokens = outputTokens;
        Owner = owner;
        BlockHashes = blockHashes ?? [];
    }

    /// <summary>Caller-chosen identity, for logs and tests.</summary>
    public long Id { get; }

    /// <summary>Prompt length in tokens, chat-template overhead included.</summary>
    public int PromptTokens { get; }

    /// <summary>Tokens this sequence generates before it finishes (max_tokens, or fewer on an early EOS).</summary>
    public int OutputTokens { get; }

    /// <summary>Chained hashes of the prompt's full KV blocks, in order; empty when its content is unknown.</summary>
    public IReadOnlyList<ulong> BlockHashes { get; }

    /// <summary>Prompt tokens found in the prefix cache when the sequence was first scheduled (vLLM's hit, in tokens).</summary>
    public int CachedPromptTokens { get; internal set; }

    /// <summary>The driver's object for this request (its stream, its timeline); the engine never reads it.</summary>
    public object? Owner { get; }

    /// <summary>Tokens generated (and emitted) so far.</summary>
    public int Generated { get; internal set; }

    /// <summary>Tokens whose KV entries exist; 0 after a recompute preemption.</summary>
    public int Computed { get; internal set; }

    /// <summary>KV-cache blocks held.</summary>
    public int Blocks { get; internal set; }

    /// <summary>Times this sequence was preempted (its KV dropped, to be recomputed).</summary>
    public int Preemptions { get; internal set; }

    /// <summary>Where the sequence is in its life.</summary>
    public SequenceState State { get; internal set; } = SequenceState.New;

    /// <summary>Prompt plus generated tokens: what a (re-)prefill must compute.</summary>
    public int TotalTokens => PromptTokens + Generated;

    internal LinkedListNode<EngineSequence>? WaitingNode { get; set; }

    /// <summary>Cached blocks this sequence holds a reference on (hits and blocks it entered), in block order.</summary>
    internal List<KvBlockPool.CachedBlock> HeldCachedBlocks => _heldCachedBlocks ??= [];

    /// <summary>True when the sequence holds cached blocks; avoids creating the list for prompts without hashes.</summary>
    internal bool HoldsCachedBlocks => _heldCachedBlocks is { Count: > 0 };

    /// <summary>The first prompt block not yet entered in the cache.</summary>
    internal int NextBlockToCache { get; set; }
}
