using LlmLoad.Simulator.Engine;

namespace LlmLoad.Simulator.Tests.Engine;

public sealed class RandomDrawsTests
{
    [Fact]
    public void A_lognormal_factor_has_mean_one_and_the_requested_coefficient_of_variation()
    {
        var random = new Random(5);

        var samples = Enumerable.Range(0, 200_000).Select(_ => RandomDraws.LogNormalMeanOne(random, 0.15)).ToArray();

        var mean = samples.Average();
        var cv = Math.Sqrt(samples.Average(x => (x - mean) * (x - mean))) / mean;
        Assert.Equal(1.0, mean, 0.003);
        Assert.Equal(0.15, cv, 0.003);
    }

    [Fact]
    public void Zero_variation_gives_exactly_one_without_drawing()
    {
        var random = new Random(5);

        var factor = RandomDraws.LogNormalMeanOne(random, 0);

        Assert.Equal(1.0, factor);
        Assert.Equal(new Random(5).Next(), random.Next());
    }

    [Fact]
    public void An_exponential_draw_has_the_requested_mean()
    {
        var random = new Random(6);

        var mean = Enumerable.Range(0, 200_000).Select(_ => RandomDraws.Exponential(random, 15)).Average();

        Assert.Equal(15, mean, 0.2);
    }

    [Fact]
    public void Tokens_until_eos_follow_a_geometric_law_capped_at_max_tokens()
    {
        var random = new Random(7);

        var lengths = Enumerable.Range(0, 100_000).Select(_ => RandomDraws.TokensUntilEos(random, 0.01, 100)).ToArray();

        // P(no EOS in 99 tokens) = 0.99^99 = 0.3697; E[min(G, 100)] = (1 − 0.99^100) / 0.01 = 63.40
        Assert.Equal(0.3697, lengths.Count(n => n == 100) / 100_000.0, 0.005);
        Assert.Equal(63.40, lengths.Average(), 0.3);
        Assert.All(lengths, n => Assert.InRange(n, 1, 100));
    }

    [Fact]
    public void Without_eos_probability_every_request_runs_to_max_tokens()
    {
        var tokens = RandomDraws.TokensUntilEos(new Random(1), 0, 37);

        Assert.Equal(37, tokens);
    }
}
