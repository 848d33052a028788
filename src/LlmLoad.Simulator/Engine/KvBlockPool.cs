namespace LlmLoad.Simulator.Engine;

/// <summary>
/// The paged KV pool with vLLM-style automatic prefix caching: blocks are counted, and a block whose
/// prompt content is known (a full block with a hash) is also kept in a hash table so that a later
/// prompt with the same prefix can reuse it instead of computing it again.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A block held by no running sequence is free. Free blocks are either anonymous or cached; a
/// cached free block keeps its KV and its hash until the pool needs the space (vLLM's free block queue).</item>
/// <item>Allocation takes anonymous free blocks first, then evicts cached free blocks least recently
/// freed first. A sequence's cached blocks are freed last block first, so a prompt's tail is evicted
/// before its head, as in vLLM.</item>
/// <item>A cached block shared by several running sequences is held once, with a reference count.</item>
/// </list>
/// With caching off nothing is ever cached, and the pool is a plain counter.
/// </remarks>
internal sealed class KvBlockPool
{
    private readonly Dictionary<ulong, CachedBlock> _cached = [];
    private readonly LinkedList<CachedBlock> _freeCached = new(); // least recently freed first
    private readonly int _blockSize;
    private int _anonymousFree;

    public KvBlockPool(int totalBlocks, int blockSize, bool caching)
    {
        TotalBlocks = totalBlocks;
        _blockSize = blockSize;
        Caching = caching;
        _anonymousFree = totalBlocks;
    }

    public int TotalBlocks { get; }

    public bool Caching { get; }

    /// <summary>Blocks held by no running sequence (anonymous plus cached free ones).</summary>
    public int FreeBlocks => _anonymousFree + _freeCached.Count;

    /// <summary>Blocks whose content is in the hash table (held or free).</summary>
    public int CachedBlocks => _cached.Count;

    /// <summary>Cached blocks dropped to make room.</summary>
    public long Evictions { get; private set; }

    /// <summary>
    /// The leading blocks of <paramref name="sequence"/>'s prompt already in the cache, at most up to
    /// its last token (which is always computed, so that the step has a token to sample from), and how
    /// many of them are free (reusing those takes them out of the free pool).
    /// </summary>
    public (int Blocks, int FreeAmongThem) FindHits(EngineSequence sequence)
    {
        if (!Caching)
        {
            return (0, 0);
        }

        var hashes = sequence.BlockHashes;
        var limit = Math.Min(hashes.Count, (sequence.TotalTokens - 1) / _blockSize);
        var free = 0;
        var hits = 0;
        while (hits < limit && _cached.TryGetValue(hashes[hits], out var block))
        {
            free += block.References == 0 ? 1 : 0;
            hits++;
        }

        return (hits, free);
    }

    /// <summary>Makes <paramref name="sequence"/> hold its first <paramref name="hits"/> prompt blocks from the cache.</summary>
    public void TakeHits(EngineSequence sequence, int hits)
    {
        for (var i = 0; i < hits; i++)
        {
            var block = _cached[sequence.BlockHashes[i]];
            if (block.References++ == 0)
            {
                _freeCached.Remove(block.FreeNode);
            }

            sequence.HeldCachedBlocks.Add(block);
        }

        sequence.Blocks += hits;
        sequence.NextBlockToCache = hits;
    }

    /// <summary>Gives <paramref name="sequence"/> <paramref name="count"/> new blocks, evicting cached free ones when no anonymous block is left.</summary>
    public void Allocate(EngineSequence sequence, int count)
    {
        if (count > FreeBlocks)
        {
            throw new InvalidOperationException($"Allocating {count} KV blocks with only {FreeBlocks} free.");
        }

        var fromAnonymous = Math.Min(count, _anonymousFree);
        _anonymousFree -= fromAnonymous;
        for (var i = fromAnonymous; i < count; i++)
        {
            var victim = _freeCached.First!.Value;
            _freeCached.RemoveFirst();
            _cached.Remove(victim.Hash);
            Evictions++;
        }

        sequence.Blocks += count;
    }

    /// <summary>
    /// Enters the prompt blocks of <paramref name="sequence"/> that are full once its first
    /// <paramref name="computedTokens"/> tokens are computed (vLLM caches them when it schedules them).
    /// A block whose content is already cached by another sequence stays private.
    /// </summary>
    public void Cache(EngineSequence sequence, int computedTokens)
    {
        if (!Caching)
        {
            return;
        }

        var hashes = sequence.BlockHashes;
        var full = Math.Min(hashes.Count, computedTokens / _blockSize);
        for (var i = sequence.NextBlockToCache; i < full; i++)
        {
            if (!_cached.ContainsKey(hashes[i]))
            {
                var block = new CachedBlock(hashes[i]);
                _cached.Add(block.Hash, block);
                sequence.HeldCachedBlocks.Add(block);
            }
        }

        sequence.NextBlockToCache = Math.Max(sequence.NextBlockToCache, full);
    }

    /// <summary>Returns every block of <paramref name="sequence"/> to the free pool; cached ones keep their content.</summary>
    public void Free(EngineSequence sequence)
    {
        if (!sequence.HoldsCachedBlocks)
        {
            _anonymousFree += sequence.Blocks;
            sequence.Blocks = 0;
            sequence.NextBlockToCache = 0;
            return;
        }

        var held = sequence.HeldCachedBlocks;
        _anonymousFree += sequence.Blocks - held.Count;
        for (var i = held.Count - 1; i >= 0; i--)
        {
            var block = held[i];
            if (--block.References == 0)
            {
                _freeCached.AddLast(block.FreeNode);
            }
        }

        held.Clear();
        sequence.Blocks = 0;
        sequence.NextBlockToCache = 0;
    }

    /// <summary>One cached block: its hash, the running sequences that hold it, its place in the free queue.</summary>
    internal sealed class CachedBlock
    {
        public CachedBlock(ulong hash)
        {
            Hash = hash;
            References = 1;
            FreeNode = new LinkedListNode<CachedBlock>(this);
        }

        public ulong Hash { get; }

        public int References { get; set; }

        public LinkedListNode<CachedBlock> FreeNode { get; }
    }
}
