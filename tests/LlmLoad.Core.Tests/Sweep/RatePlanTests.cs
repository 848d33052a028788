using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Tests.Sweep;

public sealed class RatePlanTests
{
    [Fact]
    public void A_list_of_rates_keeps_decimals_sorted_without_duplicates()
    {
        // given / when
        Assert.True(RatePlan.TryParse("40, 10,2.5,10", out var plan, out var errors));

        // then
        Assert.Empty(errors);
        Assert.Equal([2.5, 10, 40], plan!.Levels);
    }

    [Fact]
    public void An_arithmetic_range_of_rates_steps_by_its_increment_without_float_noise()
    {
        // given / when
        var plan = Parse("10..50:+10");
        var tenths = Parse("0.1..0.5:+0.1");

        // then
        Assert.Equal([10, 20, 30, 40, 50], plan.Levels);
        Assert.Equal([0.1, 0.2, 0.3, 0.4, 0.5], tenths.Levels);
        Assert.Equal("0.1,0.2,0.3,0.4,0.5", tenths.ToString());
    }

    [Fact]
    public void A_range_without_a_step_doubles_and_ends_at_its_end()
    {
        Assert.Equal([1, 2, 4, 8, 10], Parse("1..10").Levels);
    }

    [Theory]
    [InlineData("0,10", "--rate \"0,10\" has level 0; a rate must be above 0 requests per second.")]
    [InlineData("ten", "--rate \"ten\" has level \"ten\", which is not a number; expected a list (10,20,40)")]
    [InlineData("10..200:+0", "--rate \"10..200:+0\" has step \"+0\"; an increment must be a positive number, e.g. +10 or +0.5.")]
    [InlineData("200..10", "--rate \"200..10\" ends below its start")]
    public void A_bad_rate_plan_is_one_line_naming_the_option_and_the_fix(string text, string expected)
    {
        // when
        Assert.False(RatePlan.TryParse(text, out var plan, out var errors));

        // then
        Assert.Null(plan);
        Assert.StartsWith(expected, Assert.Single(errors).Describe(field => "--" + field));
    }

    [Fact]
    public void Concurrency_plans_still_refuse_decimals()
    {
        Assert.False(ConcurrencyPlan.TryParse("2.5", out _, out var errors));
        Assert.Contains("which is not a whole number", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    private static RatePlan Parse(string text) =>
        RatePlan.TryParse(text, out var plan, out var errors) ? plan! : throw new FormatException(errors[0].ToString());
}
