using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Writes the prompts of a trace that gives lengths and block ids but no text. Block id <c>h</c> always becomes
/// the same <see cref="BlockTokens"/> words (a random stream seeded by the run's seed and <c>h</c>), so requests
/// that share ids share exactly that text at the same place, and different ids get different text. Text not
/// covered by ids (the rest of a request, or all of an Azure request) comes from the request's own stream.
/// </summary>
/// <remarks>
/// The words are the corpus's words that are one token each with a leading space under the run's tokenizer. A
/// space starts a new pre-token in the GPT tokenizers (o200k, cl100k), so a sequence of them counts one token
/// per word and a block boundary never merges tokens: a prompt is exactly its input length. Other tokenizers
/// may differ; the prompt's counted length is what the record keeps.
/// </remarks>
internal sealed partial class TracePromptBuilder
{
    /// <summary>Tokens per Mooncake hash id (the published traces' block size).</summary>
    public const int BlockTokens = 512;

    private readonly string[] _words;
    private readonly int _seed;

    public TracePromptBuilder(Tokenizer tokenizer, string corpus, int seed)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _seed = seed;
        _words = Word().Matches(corpus.ToLowerInvariant()).Select(match => " " + match.Value).Distinct()
            .Where(word => tokenizer.CountTokens(word) == 1).Order(StringComparer.Ordinal).ToArray();
        if (_words.Length < 2)
        {
            throw new WorkloadException("the tokenizer encodes too few corpus words as one token each to write trace prompts; use o200k_base or cl100k_base.");
        }
    }

    /// <summary>
    /// A prompt of <paramref name="tokens"/> words: block k (words [512k, 512(k+1))) is hash id k's block when
    /// <paramref name="hashIds"/> has an entry k, else words of the request's own stream (<paramref name="requestKey"/>).
    /// A last partial block is the start of its id's block.
    /// </summary>
    public string Build(int tokens, IReadOnlyList<int>? hashIds, int requestKey)
    {
        // a prompt of no tokens measures nothing a server does with text (and some refuse it): one word
        tokens = Math.Max(tokens, 1);
        var text = new StringBuilder(tokens * 8);
        Random? fill = null;
        for (var start = 0; start < tokens; start += BlockTokens)
        {
            var block = start / BlockTokens;
            var random = hashIds is not null && block < hashIds.Count
                ? WorkloadRandom.ForSession(_seed, WorkloadRandom.TraceBlocks, hashIds[block])
                : fill ??= WorkloadRandom.ForSession(_seed, WorkloadRandom.TraceFill, requestKey);
            for (var i = start; i < Math.Min(tokens, start + BlockTokens); i++)
            {
                text.Append(_words[random.Next(_words.Length)]);
            }
        }
        return text.ToString();
    }

    [GeneratedRegex("[a-z]+")]
    private static partial Regex Word();
}
