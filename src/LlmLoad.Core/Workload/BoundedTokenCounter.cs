using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Counts tokens at a cost linear in the text's length. A tokenizer's byte-pair merging is quadratic in the length of one
/// pre-tokenized "word", and a text without spaces (base64, a minified tool call, a model repeating one letter) is one
/// word: 64,000 letters took 2 s in o200k_base and 900 KB over five minutes (issue 17). The text is therefore counted in
/// pieces of at most <see cref="PieceChars"/> characters.
/// </summary>
/// <remarks>
/// A piece ends before a space that has a non-space on both sides. The pre-tokenizers of o200k_base, cl100k_base and the
/// GPT-2-style byte-level BPE files all start a word there (the space is the next word's prefix, and no pattern runs from
/// a non-space across a space), so ordinary text counts exactly as if it were counted whole. Only a stretch of
/// <see cref="PieceChars"/> / 2 characters with no such space is cut where it stands, which can split one token into
/// two at each cut: at most one token more per <see cref="PieceChars"/> characters of such text.
/// </remarks>
public static class BoundedTokenCounter
{
    /// <summary>
    /// 900 KB of random letters counted in pieces of 256, 1,024 and 64,000 characters: 0.7, 0.9 and about 500 s
    /// (the last extrapolated from 64,000 characters in 2 s, quadratic); 1,024 keeps cuts rare in long words.
    /// </summary>
    public const int PieceChars = 1024;

    /// <summary>The token count of <paramref name="text"/>, counted piece by piece when it is longer than <see cref="PieceChars"/>.</summary>
    public static int Count(Tokenizer tokenizer, ReadOnlySpan<char> text)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var total = 0;
        while (text.Length > PieceChars)
        {
            var cut = CutAt(text);
            total += tokenizer.CountTokens(text[..cut]);
            text = text[cut..];
        }
        return text.IsEmpty ? total : total + tokenizer.CountTokens(text);
    }

    /// <summary>Where the first piece of a text longer than <see cref="PieceChars"/> ends: between <see cref="PieceChars"/> / 2 and <see cref="PieceChars"/>.</summary>
    private static int CutAt(ReadOnlySpan<char> text)
    {
        // no earlier than half a piece: every piece is then at least that long and the search stays linear overall
        for (var i = Math.Min(PieceChars, text.Length - 2); i >= PieceChars / 2; i--)
        {
            if (text[i] == ' ' && !char.IsWhiteSpace(text[i - 1]) && !char.IsWhiteSpace(text[i + 1]))
            {
                return i;
            }
        }
        // never between the two halves of a surrogate pair
        return char.IsHighSurrogate(text[PieceChars - 1]) ? PieceChars - 1 : PieceChars;
    }
}
