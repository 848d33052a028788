using System.Diagnostics;
using System.Text;
using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Tests.Workload;

// alone, after the parallel tests: the linear-time check compares two timings, which other tests' CPU would skew
[Collection(TimingSensitive.Name)]
public sealed class BoundedTokenCounterTests
{
    [Theory]
    [InlineData("o200k_base")]
    [InlineData("cl100k_base")]
    public void Ordinary_text_longer_than_a_piece_counts_exactly_as_if_counted_whole(string name)
    {
        // given the prompt corpus (prose, lists, double spaces, line breaks) with a few awkward joins added
        var tokenizer = TokenizerCatalog.Create(name);
        var text = PromptCorpus.Text + "  two spaces,\n\n  indented 123 4567 it's 'quoted' (x) ü 😀 end";

        // when
        var counted = BoundedTokenCounter.Count(tokenizer, text);

        // then
        Assert.True(text.Length > 10 * BoundedTokenCounter.PieceChars);
        Assert.Equal(tokenizer.CountTokens(text), counted);
    }

    [Fact]
    public void A_text_of_one_piece_or_less_is_counted_as_the_tokenizer_counts_it()
    {
        var tokenizer = TokenizerCatalog.Create("o200k_base");
        var oneWord = new string('x', BoundedTokenCounter.PieceChars);

        Assert.Equal(0, BoundedTokenCounter.Count(tokenizer, ""));
        Assert.Equal(tokenizer.CountTokens(oneWord), BoundedTokenCounter.Count(tokenizer, oneWord));
    }

    [Fact]
    public void A_long_word_is_cut_into_pieces_that_add_at_most_one_token_per_cut_and_never_split_a_surrogate_pair()
    {
        // given 10 pieces' worth of emoji (surrogate pairs) without a space: the first cut falls inside a pair
        var tokenizer = TokenizerCatalog.Create("o200k_base");
        var text = string.Concat(Enumerable.Repeat("😀", 5 * BoundedTokenCounter.PieceChars + 1)) + "x";

        // when
        var counted = BoundedTokenCounter.Count(tokenizer, text);

        // then
        var whole = tokenizer.CountTokens(text);
        var cuts = text.Length / (BoundedTokenCounter.PieceChars - 1);
        Assert.InRange(counted, whole, whole + cuts);
    }

    [Fact]
    public void Counting_a_text_without_whitespace_takes_time_linear_in_its_length()
    {
        // given 100 KB and 900 KB of random letters, one "word" each (base64 or a minified tool call look alike to BPE)
        var tokenizer = TokenizerCatalog.Create("o200k_base");
        var small = RandomLetters(100_000);
        var large = RandomLetters(900_000);
        BoundedTokenCounter.Count(tokenizer, small.AsSpan(0, 5000)); // JIT

        // when each is counted (best of three, to see past other work on a busy machine)
        var smallTime = BestOfThree(() => BoundedTokenCounter.Count(tokenizer, small));
        var largeTime = BestOfThree(() => BoundedTokenCounter.Count(tokenizer, large));

        // then 9 times the text costs about 9 times as long (quadratic: 81 times; counted whole, 900 KB took minutes)
        var ratio = largeTime / smallTime;
        Assert.True(ratio < 27, $"100 KB: {smallTime.TotalMilliseconds:0} ms, 900 KB: {largeTime.TotalMilliseconds:0} ms, ratio {ratio:0.0}");
        Assert.True(largeTime < TimeSpan.FromSeconds(30), $"900 KB took {largeTime.TotalSeconds:0.0} s");
    }

    internal static string RandomLetters(int length)
    {
        var random = new Random(17); // fixed, so every run counts the same text
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append((char)('a' + random.Next(26)));
        }
        return text.ToString();
    }

    private static TimeSpan BestOfThree(Action count)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var start = Stopwatch.GetTimestamp();
            count();
            var elapsed = Stopwatch.GetElapsedTime(start);
            best = elapsed < best ? elapsed : best;
        }
        return best;
    }
}
