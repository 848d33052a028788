using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Simulator.Engine;

/// <summary>
/// A vLLM-V1-style continuous-batching engine with no clock: the driver asks for the next step's
/// duration, lets that much (real or virtual) time pass, then applies the step.
/// </summary>
/// <remarks>
/// One step (docs/simulator.md § "Scheduler"):
/// <list type="number">
/// <item>Phase A, running sequences in FCFS order while token budget remains: each gets 1 token (decode)
/// or its next prefill chunk; when its KV blocks do not fit, the newest running sequence is preempted
/// (KV dropped, to be recomputed) and pushed to the front of the waiting queue.</item>
/// <item>Phase B, skipped on a step that preempted: admit waiting sequences while the budget lasts,
/// fewer than <c>max_num_seqs</c> run, and the free KV blocks stay above the watermark. With
/// <c>prefix_caching</c>, a sequence first takes the cached blocks of its prompt's longest cached prefix
/// (never its last token) and computes only the rest (<see cref="KvBlockPool"/>).</item>
/// <item>Duration = <see cref="StepTimeModel"/> × lognormal noise (+ an occasional exponential hiccup).</item>
/// <item><see cref="CompleteStep"/>: a sequence whose computed tokens reach prompt + generated samples a
/// token (the first one ends its prefill); one that reaches its output length finishes and frees its blocks.</item>
/// </list>
/// Random draws per step, in order: one normal (2 uniforms) if step_cv &gt; 0, one uniform if hiccup_prob
/// &gt; 0, and one more uniform when a hiccup happens. Not thread-safe: one thread drives an engine.
/// Kept in one file (about 300 lines) because the two phases and the step's completion share the
/// scheduler's state and read best side by side.
/// </remarks>
public sealed class ServingEngine
{
    private readonly SimulatorProfile _profile;
    private readonly Random _random;
    private readonly LinkedList<EngineSequence> _waiting = new();
    private readonly List<EngineSequence> _running = [];
    private readonly List<(EngineSequence Sequence, int Tokens)> _batch = [];
    private readonly List<EngineSequence> _emitted = [];
    private readonly List<EngineSequence> _finished = [];
    private readonly List<EngineSequence> _firstScheduled = [];
    private readonly KvBlockPool _pool;
    private readonly int _watermarkBlocks;
    private bool _stepPlanned;

    public ServingEngine(SimulatorProfile profile, int seed)
    {
        ArgumentNullException.ThrowIfNull(profile);
        _profile = profile;
        _random = new Random(seed);
        _pool = new KvBlockPool(Math.Max(1, profile.KvCapacityTokens / profile.BlockSize), profile.BlockSize, profile.PrefixCaching);
        _watermarkBlocks = (int)(profile.Watermark * TotalBlocks);
    }

    public int TotalBlocks => _pool.TotalBlocks;

    /// <summary>KV blocks not held by any running sequence (cached free blocks included, as in vLLM); never negative.</summary>
    public int FreeBlocks => _pool.FreeBlocks;

    /// <summary>Blocks whose prompt content is kept for reuse, held or free.</summary>
    public int CachedBlocks => _pool.CachedBlocks;

    /// <summary>Cached blocks evicted to make room for new ones.</summary>
    public long PrefixCacheEvictions => _pool.Evictions;

    /// <summary>
    /// Prompt tokens looked up in the prefix cache (vLLM <c>prefix_cache_queries</c>): every prompt
    /// token of each request when it is first scheduled; 0 with <c>prefix_caching</c> off.
    /// </summary>
    public long PrefixCacheQueries { get; private set; }

    /// <summary>Prompt tokens found in the prefix cache, so not computed (vLLM <c>prefix_cache_hits</c>).</summary>
    public long PrefixCacheHits { get; private set; }

    /// <summary>Fraction of KV blocks in use, 0..1 (vLLM <c>kv_cache_usage_perc</c>).</summary>
    public double KvCacheUsage => 1.0 - (double)FreeBlocks / TotalBlocks;

    public int RunningCount => _running.Count;

    public int WaitingCount => _waiting.Count;

    /// <summary>True while sequences wait or run.</summary>
    public bool HasWork => _running.Count > 0 || _waiting.Count > 0;

    /// <summary>True between <see cref="TryPlanStep"/> and <see cref="CompleteStep"/>.</summary>
    public bool IsStepPlanned => _stepPlanned;

    public long Steps { get; private set; }

    /// <summary>
    /// Sequences the planned step schedules for the first time (their WAITING phase ends): vLLM's
    /// <c>request_queue_time_seconds</c> runs from arrival at the engine to this moment. Valid until the next plan.
    /// </summary>
    public IReadOnlyList<EngineSequence> FirstScheduled => _firstScheduled;

    /// <summary>Sum of all planned step durations, in ms.</summary>
    public double TotalStepMs { get; private set; }

    /// <summary>Sum over steps of the batch size, for the mean batch.</summary>
    public long TotalBatchedSequences { get; private set; }

    public long Preemptions { get; private set; }

    /// <summary>Prompt tokens of sequences that produced their first token (vLLM <c>prompt_tokens_total</c>).</summary>
    public long PromptTokensProcessed { get; private set; }

    /// <summary>Tokens generated (vLLM <c>generation_tokens_total</c>).</summary>
    public long GenerationTokens { get; private set; }

    /// <summary>Adds a new sequence at the back of the waiting queue.</summary>
    public void Enqueue(EngineSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (sequence.State != SequenceState.New)
        {
            throw new InvalidOperationException($"Sequence {sequence.Id} was already enqueued (state {sequence.State}).");
        }

        if (sequence.BlockHashes.Count > sequence.PromptTokens / _profile.BlockSize)
        {
            throw new ArgumentException($"Sequence {sequence.Id} has {sequence.BlockHashes.Count} block hashes, more than the full {_profile.BlockSize}-token blocks of its {sequence.PromptTokens}-token prompt.", nameof(sequence));
        }

        sequence.State = SequenceState.Waiting;
        sequence.WaitingNode = _waiting.AddLast(sequence);
    }

    /// <summary>
    /// Removes a sequence (client disconnect, timeout, cut) and frees its blocks. A step in flight
    /// ignores it when it completes. Returns false when it had already finished or been aborted.
    /// </summary>
    public bool Abort(EngineSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        switch (sequence.State)
        {
            case SequenceState.Waiting:
                _waiting.Remove(sequence.WaitingNode!);
                sequence.WaitingNode = null;
                break;
            case SequenceState.Running:
                _running.Remove(sequence);
                break;
            case SequenceState.New:
                break;
            default:
                return false;
        }

        Free(sequence);
        sequence.State = SequenceState.Aborted;
        return true;
    }

    /// <summary>
    /// Forms the next batch. Returns false when nothing can be scheduled; otherwise the step's duration
    /// in ms (0 for a profile without delay). <paramref name="requestsInFlight"/> is N_sys of §2.3.
    /// </summary>
    public bool TryPlanStep(int requestsInFlight, out double stepMs)
    {
        if (_stepPlanned)
        {
            throw new InvalidOperationException("A step is already planned; call CompleteStep before planning the next.");
        }

        _firstScheduled.Clear();
        var budget = _profile.MaxNumBatchedTokens;
        var preempted = ScheduleRunning(ref budget);
        if (!preempted)
        {
            AdmitWaiting(ref budget);
        }

        if (_batch.Count == 0)
        {
            stepMs = 0;
            return false;
        }

        var tokens = 0;
        long context = 0;
        foreach (var (sequence, need) in _batch)
        {
            tokens += need;
            context += sequence.Computed + need;
        }

        stepMs = StepTimeModel.DeterministicMs(_profile, _batch.Count, tokens, context, requestsInFlight);
        stepMs *= RandomDraws.LogNormalMeanOne(_random, _profile.StepCv);
        if (_profile.HiccupProb > 0 && _random.NextDouble() < _profile.HiccupProb)
        {
            stepMs += RandomDraws.Exponential(_random, _profile.HiccupMs);
        }

        _stepPlanned = true;
        Steps++;
        TotalStepMs += stepMs;
        TotalBatchedSequences += _batch.Count;
        return true;
    }

    /// <summary>
    /// Applies the planned step. The returned lists are reused: read them before the next call.
    /// </summary>
    public StepResult CompleteStep()
    {
        if (!_stepPlanned)
        {
            throw new InvalidOperationException("No step is planned; call TryPlanStep first.");
        }

        _stepPlanned = false;
        _emitted.Clear();
        _finished.Clear();
        foreach (var (sequence, need) in _batch)
        {
            if (sequence.State != SequenceState.Running)
            {
                continue; // aborted while the step was in flight
            }

            sequence.Computed += need;
            if (sequence.Computed != sequence.TotalTokens)
            {
                continue; // a prefill chunk that is not the last emits nothing
            }

            if (sequence.Generated == 0)
            {
                PromptTokensProcessed += sequence.PromptTokens;
            }

            sequence.Generated++;
            GenerationTokens++;
            _emitted.Add(sequence);
            if (sequence.Generated >= sequence.OutputTokens)
            {
                _finished.Add(sequence);
            }
        }

        _batch.Clear();
        if (_finished.Count > 0)
        {
            foreach (var sequence in _finished)
            {
                Free(sequence);
                sequence.State = SequenceState.Finished;
            }

            _running.RemoveAll(s => s.State == SequenceState.Finished);
        }

        return new StepResult(_emitted, _finished);
    }

    /// <summary>Phase A. Returns true when the step preempted a sequence.</summary>
    private bool ScheduleRunning(ref int budget)
    {
        var preempted = false;
        var i = 0;
        while (i < _running.Count && budget > 0)
        {
            var sequence = _running[i];
            var need = Math.Min(sequence.TotalTokens - sequence.Computed, budget);
            var extra = BlocksFor(sequence.Computed + need) - sequence.Blocks;
            while (extra > FreeBlocks)
            {
                // recompute preemption of the newest running sequence (lowest FCFS priority)
                var victim = _running[^1];
                _running.RemoveAt(_running.Count - 1);
                Free(victim);
                victim.Computed = 0;
                victim.Preemptions++;
                victim.State = SequenceState.Waiting;
                victim.WaitingNode = _waiting.AddFirst(victim);
                Preemptions++;
                preempted = true;
                if (ReferenceEquals(victim, sequence))
                {
                    return true;
                }
            }

            _pool.Allocate(sequence, extra);
            _pool.Cache(sequence, sequence.Computed + need);
            _batch.Add((sequence, need));
            budget -= need;
            i++;
        }

        return preempted;
    }

    /// <summary>Phase B.</summary>
    private void AdmitWaiting(ref int budget)
    {
        while (_waiting.First is { } node && budget > 0 && _running.Count < _profile.MaxNumSeqs)
        {
            var sequence = node.Value;
            // a waiting sequence holds no blocks (new, or preempted and freed): its cached prefix is reused
            var (hits, freeHits) = _pool.FindHits(sequence);
            var cachedTokens = hits * _profile.BlockSize;
            var need = Math.Min(sequence.TotalTokens - cachedTokens, budget);
            var extra = BlocksFor(cachedTokens + need) - hits;
            if (FreeBlocks - freeHits - extra < _watermarkBlocks)
            {
                break;
            }

            _waiting.RemoveFirst();
            sequence.WaitingNode = null;
            if (sequence.State == SequenceState.Waiting && sequence.Preemptions == 0)
            {
                _firstScheduled.Add(sequence);
            }
            sequence.State = SequenceState.Running;
            _running.Add(sequence);
            _pool.TakeHits(sequence, hits);
            _pool.Allocate(sequence, extra);
            _pool.Cache(sequence, cachedTokens + need);
            sequence.Computed = cachedTokens;
            if (sequence.Preemptions == 0 && _pool.Caching)
            {
                // counted once per request, as vLLM does (a resumed request's second lookup is not a query)
                sequence.CachedPromptTokens = cachedTokens;
                PrefixCacheQueries += sequence.PromptTokens;
                PrefixCacheHits += cachedTokens;
            }

            _batch.Add((sequence, need));
            budget -= need;
        }
    }

    private int BlocksFor(int tokens) => (tokens + _profile.BlockSize - 1) / _profile.BlockSize;

    private void Free(EngineSequence sequence) => _pool.Free(sequence);
}
