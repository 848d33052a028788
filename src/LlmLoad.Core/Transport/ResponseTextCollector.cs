using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Transport;

/// <summary>
/// Keeps the generated text and where each event's text starts, so token counts per event and
/// in total are computed once, after the stream, off the timing path.
/// </summary>
internal sealed class ResponseTextCollector
{
    private readonly System.Text.StringBuilder _text = new();
    private readonly List<int> _chunkStarts = [];

    public int ChunkCount => _chunkStarts.Count;

    public void Add(string? content, string? reasoning)
    {
        _chunkStarts.Add(_text.Length);
        _text.Append(reasoning).Append(content);
    }

    /// <summary>Token count of each event's text, and of the whole text.</summary>
    public (int[] PerChunk, int Total) CountTokens(Tokenizer tokenizer)
    {
        var text = _text.ToString();
        var perChunk = new int[_chunkStarts.Count];
        for (var i = 0; i < perChunk.Length; i++)
        {
            var end = i + 1 < _chunkStarts.Count ? _chunkStarts[i + 1] : text.Length;
            perChunk[i] = tokenizer.CountTokens(text.AsSpan(_chunkStarts[i], end - _chunkStarts[i]));
        }
        return (perChunk, text.Length == 0 ? 0 : tokenizer.CountTokens(text));
    }
}
