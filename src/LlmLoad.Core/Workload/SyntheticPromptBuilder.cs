using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Cuts prompts of an exact token length out of the corpus.
/// </summary>
/// <remarks>
/// Steps for one prompt of N tokens (after an optional prefix of P tokens):
/// 1. take the next start offset from a seeded shuffle of every token offset in the corpus (wrapping
///    around its end), so no two prompts start at the same place until all offsets are used: prompts that
///    start alike would share a server's prefix cache and make it look faster than it is;
/// 2. decode the next N token ids to text and count prefix + text again with the same tokenizer;
/// 3. when the count is off (tokens re-merge across a cut), lengthen or shorten the slice by the difference
///    and retry; after a few tries, start again from another offset.
/// The text therefore counts exactly P + N tokens when encoded on its own; a chat template adds more.
/// </remarks>
internal sealed class SyntheticPromptBuilder
{
    private const int AdjustmentsPerOffset = 6;
    private const int OffsetsTried = 32;

    private readonly Tokenizer _tokenizer;
    private readonly int[] _corpusIds;
    private readonly int[] _offsets;
    private int _nextOffset;

    public SyntheticPromptBuilder(Tokenizer tokenizer, string corpus)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentException.ThrowIfNullOrEmpty(corpus);
        _tokenizer = tokenizer;
        _corpusIds = tokenizer.EncodeToIds(corpus).ToArray();
        _offsets = Enumerable.Range(0, _corpusIds.Length).ToArray();
    }

    /// <summary>How many prompts can start at distinct places in the corpus; later ones reuse start points.</summary>
    public int DistinctStarts => _corpusIds.Length;

    /// <summary>Text that counts exactly <paramref name="tokens"/> tokens, from a random place in the corpus.</summary>
    public string Build(int tokens, Random random) => Build(tokens, "", 0, random);

    /// <summary>
    /// Text that starts with <paramref name="prefix"/> (which counts <paramref name="prefixTokens"/> tokens)
    /// and counts exactly <paramref name="prefixTokens"/> + <paramref name="tokens"/> tokens in all.
    /// </summary>
    public string Build(int tokens, string prefix, int prefixTokens, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        var target = prefixTokens + tokens;
        for (var attempt = 0; attempt < OffsetsTried; attempt++)
        {
            var offset = NextOffset(random);
            var length = tokens;
            for (var adjustment = 0; adjustment < AdjustmentsPerOffset && length >= 1; adjustment++)
            {
                var text = prefix + Decode(offset, length);
                var count = _tokenizer.CountTokens(text);
                if (count == target)
                {
                    return text;
                }

                length += target - count;
            }
        }

        throw new WorkloadException($"could not cut a prompt of exactly {target} tokens from the corpus with this tokenizer after {OffsetsTried} tries; try another --input-tokens range or tokenizer.");
    }

    /// <summary>Incremental Fisher-Yates over all offsets; starts a new shuffle when every offset was used.</summary>
    private int NextOffset(Random random)
    {
        if (_nextOffset == _offsets.Length)
        {
            _nextOffset = 0;
        }

        var pick = random.Next(_nextOffset, _offsets.Length);
        (_offsets[_nextOffset], _offsets[pick]) = (_offsets[pick], _offsets[_nextOffset]);
        return _offsets[_nextOffset++];
    }

    private string Decode(int offset, int length)
    {
        var ids = new int[length];
        for (var i = 0; i < length; i++)
        {
            ids[i] = _corpusIds[(offset + i) % _corpusIds.Length];
        }

        return _tokenizer.Decode(ids) ?? "";
    }
}
