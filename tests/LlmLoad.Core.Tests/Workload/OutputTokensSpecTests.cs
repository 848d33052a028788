using LlmLoad.Core.Validation;
using LlmLoad.Core.Workload;
using Xunit;

namespace LlmLoad.Core.Tests.Workload;

public sealed class OutputTokensSpecTests
{
    [Fact]
    public void A_plain_number_is_the_same_max_tokens_for_every_prompt()
    {
        Assert.True(OutputTokensSpec.TryParse("100", out var spec, out _));

        Assert.False(spec.FromDataset);
        Assert.Equal(TokenLengthDistribution.Fixed(100), spec.Distribution);
        Assert.Equal(100, spec.Resolve(null, new Random(0)));
    }

    [Theory]
    [InlineData("dataset", null)]
    [InlineData("DATASET", null)]
    [InlineData("dataset:100", 100)]
    public void Dataset_takes_the_reference_length_with_an_optional_cap(string text, int? cap)
    {
        Assert.True(OutputTokensSpec.TryParse(text, out var spec, out _));

        Assert.True(spec.FromDataset);
        Assert.Equal(cap, spec.Cap);
    }

    [Theory]
    [InlineData(null, 40, 40)]
    [InlineData(100, 40, 40)]
    [InlineData(100, 250, 100)]
    [InlineData(null, 0, 1)]
    [InlineData(5, 0, 1)]
    public void Dataset_lengths_are_capped_and_never_below_one(int? cap, int reference, int expected)
    {
        var spec = OutputTokensSpec.FromDatasetReplies(cap);

        Assert.Equal(expected, spec.Resolve(reference, new Random(0)));
    }

    [Fact]
    public void Dataset_lengths_need_a_reference()
    {
        var spec = OutputTokensSpec.FromDatasetReplies(null);

        Assert.Throws<InvalidOperationException>(() => spec.Resolve(null, new Random(0)));
    }

    [Fact]
    public void A_distribution_spec_ignores_any_reference_and_samples_the_given_stream()
    {
        Assert.True(OutputTokensSpec.TryParse("10:20", out var spec, out _));

        var a = new Random(9);
        var b = new Random(9);
        var fromA = Enumerable.Range(0, 50).Select(_ => spec.Resolve(null, a)).ToList();
        var fromB = Enumerable.Range(0, 50).Select(_ => spec.Resolve(123, b)).ToList();

        Assert.Equal(fromA, fromB);
        Assert.All(fromA, n => Assert.InRange(n, 10, 20));
    }

    [Theory]
    [InlineData("0", "output_tokens \"0\" must be at least 1 and at most 10000000 tokens.")]
    [InlineData("-5", "output_tokens \"-5\" must be at least 1 and at most 10000000 tokens.")]
    [InlineData("dataset:0", "output_tokens \"dataset:0\" must be dataset:CAP with CAP a whole number of tokens of at least 1 (e.g. dataset:100).")]
    [InlineData("dataset:lots", "output_tokens \"dataset:lots\" must be dataset:CAP with CAP a whole number of tokens of at least 1 (e.g. dataset:100).")]
    [InlineData("lots", "output_tokens \"lots\" must be N, dataset, dataset:CAP, MIN:MAX, fixed:N, uniform:MIN:MAX, normal:MEAN:STD or lognormal:MEAN:STD (e.g. 100 or dataset:100).")]
    [InlineData("20:10", "output_tokens \"20:10\" has MIN greater than MAX; expected MIN <= MAX (e.g. 10:20).")]
    public void Invalid_values_are_rejected_with_one_line(string text, string message)
    {
        Assert.False(OutputTokensSpec.TryParse(text, out _, out var problem));

        Assert.Equal(OptionField.OutputTokens, problem.Field);
        Assert.Equal(message, problem.ToString());
    }
}
