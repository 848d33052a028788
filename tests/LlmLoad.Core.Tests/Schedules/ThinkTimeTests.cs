using LlmLoad.Core.Schedules;
using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Tests.Schedules;

public sealed class ThinkTimeTests
{
    private static ThinkTime Parse(string text) => ThinkTime.TryParse(text, out var thinkTime, out var problem) ? thinkTime : throw new InvalidOperationException(problem.ToString());

    private static double MeanMs(ThinkTime thinkTime, int draws = 20_000)
    {
        var random = new Random(11);
        return Enumerable.Range(0, draws).Average(_ => thinkTime.Sample(random).TotalMilliseconds);
    }

    [Theory]
    [InlineData("2s", 2000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5", 1500)]
    [InlineData("0", 0)]
    public void A_fixed_think_time_is_always_the_same(string text, double expectedMs)
    {
        var thinkTime = Parse(text);

        Assert.Equal(expectedMs, thinkTime.Sample(new Random(1)).TotalMilliseconds);
        Assert.Equal(expectedMs, thinkTime.Sample(new Random(2)).TotalMilliseconds);
    }

    [Fact]
    public void Uniform_stays_in_its_range_with_the_middle_as_mean()
    {
        var thinkTime = Parse("uniform:1s:3s");
        var random = new Random(3);

        Assert.All(Enumerable.Range(0, 1000), _ => Assert.InRange(thinkTime.Sample(random).TotalMilliseconds, 1000, 3000));
        Assert.InRange(MeanMs(thinkTime), 1970, 2030);
    }

    [Theory]
    [InlineData("exponential:3s", 3000)]
    [InlineData("lognormal:2s:0.5", 2000)]
    public void Random_think_times_have_the_mean_asked_for(string text, double meanMs)
    {
        // 20,000 draws: the standard error is about 1% of the mean for both
        Assert.InRange(MeanMs(Parse(text)), meanMs * 0.96, meanMs * 1.04);
    }

    [Theory]
    [InlineData("3x")]
    [InlineData("uniform:3s:1s")]
    [InlineData("exponential:0s")]
    [InlineData("lognormal:2s")]
    [InlineData("lognormal:2s:-1")]
    [InlineData("gamma:2s")]
    [InlineData("-1s")]
    public void Anything_else_is_a_problem_naming_the_field_and_the_forms(string text)
    {
        Assert.False(ThinkTime.TryParse(text, out _, out var problem));

        Assert.Equal(new OptionProblem(OptionField.ThinkTime, text, "must be a duration (2s, 500ms), uniform:MIN:MAX, exponential:MEAN or lognormal:MEAN:SIGMA (e.g. exponential:3s)."), problem);
    }
}
