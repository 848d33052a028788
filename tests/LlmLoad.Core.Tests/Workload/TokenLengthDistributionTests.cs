using LlmLoad.Core.Validation;
using LlmLoad.Core.Workload;
using Xunit;

namespace LlmLoad.Core.Tests.Workload;

public sealed class TokenLengthDistributionTests
{
    private const string Expected = "must be MIN:MAX, fixed:N, uniform:MIN:MAX, normal:MEAN:STD or lognormal:MEAN:STD (token counts, e.g. 1:63 or normal:500:100).";

    [Theory]
    [InlineData("1:63", TokenLengthDistributionKind.Uniform, 1, 63)]
    [InlineData("uniform:5:10", TokenLengthDistributionKind.Uniform, 5, 10)]
    [InlineData(" UNIFORM:5:10 ", TokenLengthDistributionKind.Uniform, 5, 10)]
    [InlineData("fixed:100", TokenLengthDistributionKind.Fixed, 100, 100)]
    [InlineData("7:7", TokenLengthDistributionKind.Fixed, 7, 7)]
    [InlineData("1:10000000", TokenLengthDistributionKind.Uniform, 1, 10_000_000)]
    public void Range_specs_parse_to_their_bounds(string spec, TokenLengthDistributionKind kind, int minimum, int maximum)
    {
        var distribution = TokenLengthDistribution.Parse(spec);

        Assert.Equal(kind, distribution.Kind);
        Assert.Equal(minimum, distribution.Minimum);
        Assert.Equal(maximum, distribution.Maximum);
        Assert.True(distribution.IsRange);
    }

    [Theory]
    [InlineData("normal:500:100", TokenLengthDistributionKind.Normal, 500, 100)]
    [InlineData("lognormal:250.5:0", TokenLengthDistributionKind.LogNormal, 250.5, 0)]
    [InlineData("Normal:1e3:5", TokenLengthDistributionKind.Normal, 1000, 5)]
    public void Continuous_specs_keep_mean_and_std(string spec, TokenLengthDistributionKind kind, double mean, double std)
    {
        var distribution = TokenLengthDistribution.Parse(spec);

        Assert.Equal(kind, distribution.Kind);
        Assert.Equal(mean, distribution.Mean);
        Assert.Equal(std, distribution.StandardDeviation);
        Assert.False(distribution.IsRange);
    }

    [Theory]
    [InlineData("abc", "input_tokens \"abc\" " + Expected)]
    [InlineData("", "input_tokens \"\" " + Expected)]
    [InlineData("1.5:3", "input_tokens \"1.5:3\" " + Expected)]
    [InlineData("uniform:1", "input_tokens \"uniform:1\" " + Expected)]
    [InlineData("fixed:x", "input_tokens \"fixed:x\" " + Expected)]
    [InlineData("1:63:5", "input_tokens \"1:63:5\" " + Expected)]
    [InlineData("63:1", "input_tokens \"63:1\" has MIN greater than MAX; expected MIN <= MAX (e.g. 1:63).")]
    [InlineData("0:10", "input_tokens \"0:10\" has token count 0; expected whole numbers from 1 to 10000000.")]
    [InlineData("fixed:-3", "input_tokens \"fixed:-3\" has token count -3; expected whole numbers from 1 to 10000000.")]
    [InlineData("1:10000001", "input_tokens \"1:10000001\" has token count 10000001; expected whole numbers from 1 to 10000000.")]
    [InlineData("normal:0:10", "input_tokens \"normal:0:10\" has MEAN 0; expected a number above 0 and at most 10000000.")]
    [InlineData("lognormal:100:-1", "input_tokens \"lognormal:100:-1\" has STD -1; expected a number from 0 to 10000000.")]
    [InlineData("normal:abc:1", "input_tokens \"normal:abc:1\" must be normal:MEAN:STD with MEAN and STD numbers of tokens (e.g. normal:500:100).")]
    [InlineData("normal:NaN:1", "input_tokens \"normal:NaN:1\" must be normal:MEAN:STD with MEAN and STD numbers of tokens (e.g. normal:500:100).")]
    public void Invalid_specs_are_rejected_with_a_problem_that_names_the_field_and_quotes_the_value(string spec, string message)
    {
        var ok = TokenLengthDistribution.TryParse(spec, OptionField.InputTokens, out var distribution, out var problem);

        Assert.False(ok);
        Assert.Null(distribution);
        Assert.NotNull(problem);
        Assert.Equal(OptionField.InputTokens, problem.Field);
        Assert.Equal(spec, problem.Value);
        Assert.Equal(message, problem.ToString());
    }

    [Fact]
    public void Parse_throws_a_workload_exception_with_the_same_message()
    {
        var exception = Assert.Throws<WorkloadException>(() => TokenLengthDistribution.Parse("9:3", OptionField.OutputTokens));

        Assert.Equal("output_tokens \"9:3\" has MIN greater than MAX; expected MIN <= MAX (e.g. 3:9).", exception.Message);
    }

    [Theory]
    [InlineData("1:63")]
    [InlineData("normal:200:50")]
    [InlineData("lognormal:200:150")]
    public void The_same_seed_gives_the_same_samples(string spec)
    {
        var distribution = TokenLengthDistribution.Parse(spec);

        var first = Draw(distribution, new Random(42), 200);
        var second = Draw(distribution, new Random(42), 200);
        var third = Draw(distribution, new Random(43), 200);

        Assert.Equal(first, second);
        Assert.NotEqual(first, third);
    }

    [Fact]
    public void Uniform_samples_cover_both_ends_and_stay_inside()
    {
        var distribution = TokenLengthDistribution.Parse("1:63");
        var random = new Random(7);

        var samples = Enumerable.Range(0, 20_000).Select(_ => distribution.Sample(random)).ToList();

        Assert.Equal(1, samples.Min());
        Assert.Equal(63, samples.Max());
        Assert.Equal(63, samples.Distinct().Count());
    }

    [Fact]
    public void Fixed_samples_are_always_the_value()
    {
        var distribution = TokenLengthDistribution.Parse("fixed:128");
        var random = new Random(1);

        var samples = Enumerable.Range(0, 100).Select(_ => distribution.Sample(random));

        Assert.All(samples, s => Assert.Equal(128, s));
    }

    [Fact]
    public void Normal_samples_are_clamped_to_at_least_one()
    {
        // mean 1, std 100: about half the raw draws are negative
        var distribution = TokenLengthDistribution.Parse("normal:1:100");
        var random = new Random(3);

        var samples = Enumerable.Range(0, 5_000).Select(_ => distribution.Sample(random)).ToList();

        Assert.Equal(1, samples.Min());
        Assert.True(samples.Count(s => s == 1) > 2_000);
    }

    [Theory]
    [InlineData("normal:500:100", 500, 100)]
    [InlineData("lognormal:500:200", 500, 200)]
    [InlineData("lognormal:120:300", 120, 300)]
    public void Mean_and_std_are_those_of_the_token_counts(string spec, double mean, double std)
    {
        // For lognormal this checks the documented meaning: MEAN and STD describe the counts, not their log.
        var distribution = TokenLengthDistribution.Parse(spec);
        var random = new Random(11);

        var samples = Enumerable.Range(0, 200_000).Select(_ => (double)distribution.Sample(random)).ToArray();

        Assert.InRange(MathNet.Numerics.Statistics.Statistics.Mean(samples), mean * 0.98, mean * 1.02);
        Assert.InRange(MathNet.Numerics.Statistics.Statistics.StandardDeviation(samples), std * 0.93, std * 1.07);
    }

    [Fact]
    public void Zero_std_lognormal_always_gives_the_mean()
    {
        var distribution = TokenLengthDistribution.Parse("lognormal:300:0");
        var random = new Random(5);

        Assert.All(Enumerable.Range(0, 50).Select(_ => distribution.Sample(random)), s => Assert.Equal(300, s));
    }

    [Theory]
    [InlineData("1:63", "uniform 1..63")]
    [InlineData("fixed:100", "fixed 100")]
    [InlineData("normal:500.5:100", "normal(mean 500.5, std 100)")]
    [InlineData("lognormal:500:200", "lognormal(mean 500, std 200)")]
    public void Description_is_short_and_culture_invariant(string spec, string text)
    {
        Assert.Equal(text, TokenLengthDistribution.Parse(spec).ToString());
    }

    private static int[] Draw(TokenLengthDistribution distribution, Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => distribution.Sample(random)).ToArray();
}
