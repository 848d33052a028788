using System.Buffers;
using System.Text;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Workload;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Transport;

/// <summary>
/// Keeps the generated text, as UTF-8, and where each event's text starts, so token counts per event and
/// in total are computed once, after the stream, off the timing path. Text arrives either as the bytes the
/// event carried (left in place by the chunk reader) or as a string (escaped text, whole bodies).
/// </summary>
/// <param name="expectedChunks">max_tokens: the lists are sized once instead of growing (every growth is garbage).</param>
internal sealed class ResponseTextCollector(int expectedChunks = 16)
{
    private const int MaxPooledChars = 16 * 1024;

    private readonly List<int> _chunkStarts = new(expectedChunks + 1);
    // about five UTF-8 bytes per token of English text, at most 2 KiB up front
    private byte[] _utf8 = new byte[Math.Clamp(5 * expectedChunks, 64, 2048)];
    private int _length;

    public int ChunkCount => _chunkStarts.Count;

    public int Utf8Length => _length;

    /// <summary>Starts the next event's text; <see cref="Append(string?)"/> and <see cref="Append(ReadOnlySpan{byte})"/> add to it.</summary>
    public void StartChunk() => _chunkStarts.Add(_length);

    public void Append(ReadOnlySpan<byte> utf8)
    {
        EnsureRoom(utf8.Length);
        utf8.CopyTo(_utf8.AsSpan(_length));
        _length += utf8.Length;
    }

    public void Append(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            EnsureRoom(Encoding.UTF8.GetMaxByteCount(text.Length));
            _length += Encoding.UTF8.GetBytes(text, _utf8.AsSpan(_length));
        }
    }

    private void EnsureRoom(int bytes)
    {
        if (_length + bytes > _utf8.Length)
        {
            Array.Resize(ref _utf8, Math.Max(_length + bytes, 2 * _utf8.Length));
        }
    }

    /// <summary>
    /// Token count of each event's text, and of the whole text by our tokenizer, at a cost linear in the text
    /// (<see cref="BoundedTokenCounter"/>). When the server's
    /// <paramref name="usageOutputTokens"/> equals the number of text events, every event carried one of its
    /// tokens (non-empty text is at least one token), so the per-event counts are taken from that instead of
    /// 100 tokenizer calls (26 vs 9 us per 100-token request; BENCHMARKS.md § "Micro-benchmarks").
    /// </summary>
    public (IReadOnlyList<int> PerChunk, int Total) CountTokens(Tokenizer tokenizer, int? usageOutputTokens)
    {
        // decoded event by event into one pooled buffer: no string of the whole text, and each event's
        // text (whole UTF-8, as it was one JSON string) keeps its own stretch of characters
        var needed = Encoding.UTF8.GetMaxCharCount(_length);
        // an endless stream's text is not kept in the shared pool afterwards
        var pooled = needed <= MaxPooledChars;
        var chars = pooled ? ArrayPool<char>.Shared.Rent(needed) : new char[needed];
        try
        {
            var charStarts = new int[_chunkStarts.Count + 1];
            var written = 0;
            for (var i = 0; i < _chunkStarts.Count; i++)
            {
                var end = i + 1 < _chunkStarts.Count ? _chunkStarts[i + 1] : _length;
                charStarts[i] = written;
                written += Encoding.UTF8.GetChars(_utf8.AsSpan(_chunkStarts[i], end - _chunkStarts[i]), chars.AsSpan(written));
            }
            charStarts[^1] = written;
            var total = BoundedTokenCounter.Count(tokenizer, chars.AsSpan(0, written));
            if (usageOutputTokens == _chunkStarts.Count)
            {
                return (new RepeatedCounts(_chunkStarts.Count, 1), total);
            }
            if (_chunkStarts.Count == 1)
            {
                // one event (a whole body, or one large event): its count is the total, counted once
                return ([total], total);
            }
            var perChunk = new int[_chunkStarts.Count];
            for (var i = 0; i < perChunk.Length; i++)
            {
                perChunk[i] = BoundedTokenCounter.Count(tokenizer, chars.AsSpan(charStarts[i], charStarts[i + 1] - charStarts[i]));
            }
            return (perChunk, total);
        }
        finally
        {
            if (pooled)
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }
    }
}
