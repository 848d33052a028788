using LlmLoad.Simulator.Http;
using Microsoft.ML.Tokenizers;

namespace LlmLoad.Simulator.Tests.Http;

public sealed class GeneratedTextTests
{
    private static readonly Tokenizer s_o200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

    [Fact]
    public void Every_word_is_exactly_one_o200k_token()
    {
        var words = GeneratedText.Words;

        Assert.All(words, w => Assert.Equal(1, s_o200k.CountTokens(w)));
        Assert.Equal(words.Length, words.Distinct().Count());
    }

    [Fact]
    public void A_run_of_words_re_tokenizes_to_one_token_per_word()
    {
        var random = new Random(9);

        var text = string.Concat(Enumerable.Range(0, 500).Select(_ => GeneratedText.NextWord(random)));

        Assert.Equal(500, s_o200k.CountTokens(text));
    }
}
