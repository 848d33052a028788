using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Tests.Workload;

public sealed class WeightedMixTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(123456)]
    public void Weights_3_to_1_over_4000_requests_land_within_2_percent_of_75_25(int seed)
    {
        // given
        Assert.True(WeightedMix.TryParse("a:3,b:1", "model", out var mix, out _));

        // when
        var picks = mix.Picks(seed, stream: -1, 4000);

        // then
        var shareOfA = picks.Count(pick => pick == 0) / 4000.0;
        Assert.InRange(shareOfA, 0.73, 0.77);
        Assert.All(picks, pick => Assert.InRange(pick, 0, 1));
    }

    [Fact]
    public void The_same_seed_gives_the_same_sequence_and_another_seed_another()
    {
        // given
        Assert.True(WeightedMix.TryParse("a:3,b:1", "model", out var mix, out _));

        // when
        var first = mix.Picks(7, -1, 500);
        var again = mix.Picks(7, -1, 500);
        var other = mix.Picks(8, -1, 500);

        // then
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Names_without_weights_weigh_the_same()
    {
        // given
        Assert.True(WeightedMix.TryParse("a,b", "model", out var mix, out _));

        // when
        var picks = mix.Picks(3, -1, 4000);

        // then
        Assert.Equal([new WeightedMix.Entry("a", 1), new WeightedMix.Entry("b", 1)], mix.Entries);
        Assert.InRange(picks.Count(pick => pick == 0) / 4000.0, 0.48, 0.52);
    }

    [Theory]
    [InlineData("synthetic:0.7,sharegpt:/data/sg.json:0.3", "synthetic", 0.7, "sharegpt:/data/sg.json", 0.3)]
    [InlineData("llama3:8b, qwen:2", "llama3:8b", 1.0, "qwen", 2.0)]
    [InlineData("model:70:1,b", "model:70", 1.0, "b", 1.0)]
    public void The_weight_is_the_number_after_the_last_colon_so_names_may_hold_colons(string text, string first, double firstWeight, string second, double secondWeight)
    {
        // when
        var parsed = WeightedMix.TryParse(text, "dataset_mix", out var mix, out var error);

        // then
        Assert.True(parsed, error?.ToString());
        Assert.Equal([new WeightedMix.Entry(first, firstWeight), new WeightedMix.Entry(second, secondWeight)], mix!.Entries);
    }

    [Theory]
    [InlineData("a:0,b", "--model \"a:0,b\": the weight of \"a\" must be a number above 0.")]
    [InlineData("a,,b", "--model \"a,,b\" has an empty entry; expected NAME or NAME:WEIGHT, separated by commas.")]
    [InlineData("a:1,a:2", "--model \"a:1,a:2\" names \"a\" twice; give each once with its weight.")]
    public void A_bad_mix_is_one_line_naming_the_flag_and_the_value(string text, string expected)
    {
        // when
        var parsed = WeightedMix.TryParse(text, "model", out _, out var error);

        // then
        Assert.False(parsed);
        Assert.Equal(expected, error!.Describe(field => "--" + field));
    }
}
