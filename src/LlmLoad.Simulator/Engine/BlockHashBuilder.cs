namespace LlmLoad.Simulator.Engine;

/// <summary>
/// Turns a prompt, fed one token at a time, into the chained hashes of its full KV blocks, as vLLM's
/// automatic prefix caching does: block <c>i</c>'s hash covers block <c>i − 1</c>'s hash and the token
/// values of block <c>i</c>, so two prompts get equal hashes for exactly the blocks of their common
/// prefix, and the first differing token changes its block's hash and every later one.
/// </summary>
/// <remarks>
/// Token values are 64-bit: the HTTP side folds a message's role into each token id (see
/// <c>PromptBlockHashes</c>), virtual time uses content ids. A trailing partial block gets no hash
/// (vLLM caches full blocks only). The hash is a 64-bit mix (SplitMix64 finaliser), not
/// cryptographic: collisions need about 2^32 distinct blocks, far beyond any simulated KV pool.
/// </remarks>
public sealed class BlockHashBuilder
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    private readonly int _blockSize;
    private readonly List<ulong> _hashes = [];
    private ulong _parent = Golden; // the hash "before block 0"
    private ulong _state;
    private int _inBlock;

    public BlockHashBuilder(int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockSize);
        _blockSize = blockSize;
        _state = _parent;
    }

    /// <summary>Tokens added so far.</summary>
    public int Tokens { get; private set; }

    /// <summary>Appends one token; completes a block every block-size tokens.</summary>
    public void Add(long tokenValue)
    {
        _state = Mix(_state ^ Mix((ulong)tokenValue + Golden));
        Tokens++;
        if (++_inBlock == _blockSize)
        {
            _parent = Mix(_state + (ulong)_hashes.Count);
            _hashes.Add(_parent);
            _state = _parent;
            _inBlock = 0;
        }
    }

    /// <summary>An independent copy, to extend one shared start in several ways.</summary>
    public BlockHashBuilder Clone()
    {
        var copy = new BlockHashBuilder(_blockSize) { _parent = _parent, _state = _state, _inBlock = _inBlock, Tokens = Tokens };
        copy._hashes.AddRange(_hashes);
        return copy;
    }

    /// <summary>The hashes of the full blocks so far, in order.</summary>
    public ulong[] ToArray() => [.. _hashes];

    /// <summary>Combines two values into one token value (for a role folded into a token id, a group into a position).</summary>
    public static long Combine(long a, long b) => (long)Mix((ulong)a * Golden ^ Mix((ulong)b));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
