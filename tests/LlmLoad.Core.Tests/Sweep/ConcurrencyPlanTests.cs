using LlmLoad.Core.Validation;
using LlmLoad.Core.Sweep;
using Xunit;

namespace LlmLoad.Core.Tests.Sweep;

public sealed class ConcurrencyPlanTests
{
    private static IReadOnlyList<int> Levels(string text)
    {
        bool parsed = ConcurrencyPlan.TryParse(text, out ConcurrencyPlan? plan, out IReadOnlyList<OptionProblem> errors);
        Assert.True(parsed, string.Join("; ", errors));
        return plan!.Levels;
    }

    private static IReadOnlyList<OptionProblem> Errors(string text)
    {
        bool parsed = ConcurrencyPlan.TryParse(text, out ConcurrencyPlan? plan, out IReadOnlyList<OptionProblem> errors);
        Assert.False(parsed);
        Assert.Null(plan);
        return errors;
    }

    [Fact]
    public void A_list_gives_its_levels_sorted_without_duplicates()
    {
        string text = "64, 16,32,32";

        IReadOnlyList<int> levels = Levels(text);

        Assert.Equal([16, 32, 64], levels);
    }

    [Fact]
    public void A_single_number_is_a_one_level_plan()
    {
        IReadOnlyList<int> levels = Levels("32");

        Assert.Equal([32], levels);
    }

    [Fact]
    public void A_range_without_a_step_doubles_and_ends_on_a_power_of_two_end()
    {
        IReadOnlyList<int> levels = Levels("16..4096");

        Assert.Equal([16, 32, 64, 128, 256, 512, 1024, 2048, 4096], levels);
    }

    [Fact]
    public void A_range_end_the_progression_steps_over_is_added_as_the_last_level()
    {
        IReadOnlyList<int> levels = Levels("16..4000");

        Assert.Equal([16, 32, 64, 128, 256, 512, 1024, 2048, 4000], levels);
    }

    [Fact]
    public void A_geometric_range_rounds_each_exact_product_half_away_from_zero()
    {
        // 16 * 1.5^k: 16, 24, 36, 54, 81, 121.5, 182.25, 273.375, 410.06, 615.09, 922.64, 1383.96, 2075.94, 3113.91, (4670.87)
        IReadOnlyList<int> levels = Levels("16..4096:x1.5");

        Assert.Equal([16, 24, 36, 54, 81, 122, 182, 273, 410, 615, 923, 1384, 2076, 3114, 4096], levels);
    }

    [Fact]
    public void A_geometric_range_drops_levels_that_round_to_the_same_number()
    {
        // 1 * 1.3^k: 1, 1.3, 1.69, 2.197, 2.856, 3.71, 4.83 -> 1, 1, 2, 2, 3, 4, 5
        IReadOnlyList<int> levels = Levels("1..5:x1.3");

        Assert.Equal([1, 2, 3, 4, 5], levels);
    }

    [Fact]
    public void An_arithmetic_range_steps_by_its_increment()
    {
        IReadOnlyList<int> levels = Levels("100..450:+100");

        Assert.Equal([100, 200, 300, 400, 450], levels);
    }

    [Fact]
    public void A_range_with_equal_ends_is_one_level()
    {
        IReadOnlyList<int> levels = Levels("8..8");

        Assert.Equal([8], levels);
    }

    [Fact]
    public void The_text_form_parses_back_to_the_same_levels()
    {
        ConcurrencyPlan plan = ConcurrencyPlan.Parse("16..4096:x1.5");

        ConcurrencyPlan again = ConcurrencyPlan.Parse(plan.ToString());

        Assert.Equal(plan.Levels, again.Levels);
    }

    [Fact]
    public void A_bad_range_end_is_one_line_naming_the_option_and_quoting_the_text()
    {
        IReadOnlyList<OptionProblem> errors = Errors("16..x");

        string error = Assert.Single(errors).ToString();
        Assert.StartsWith("concurrency \"16..x\" has range end \"x\", which is not a whole number; expected a list (16,32,64)", error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void Every_problem_of_a_list_is_reported_at_once()
    {
        IReadOnlyList<OptionProblem> errors = Errors("0,abc,-3,16");

        Assert.Equal(3, errors.Count);
        Assert.Contains("has level 0; a concurrency must be at least 1", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("\"abc\", which is not a whole number", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("\"-3\", which is not a whole number", errors[2].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("16,,32", "has level \"\", which is not a whole number")]
    [InlineData("64..16", "ends below its start")]
    [InlineData("16..64:x1", "a ratio must be a number of at least 1.01")]
    [InlineData("16..64:x1,5", "a ratio must be a number of at least 1.01")]
    [InlineData("16..64:+0", "an increment must be a whole number of at least 1")]
    [InlineData("16..64:/2", "expected a ratio such as x1.5 or an increment such as +100")]
    [InlineData("16..64..128", "must be a list (16,32,64)")]
    [InlineData("16..64:x2:x3", "has more than one \":\"")]
    [InlineData("1..100000:+1", "gives more than 1000 levels")]
    public void Malformed_text_says_what_was_expected(string text, string expected)
    {
        IReadOnlyList<OptionProblem> errors = Errors(text);

        Assert.Contains(errors, e => e.Message.Contains(expected, StringComparison.Ordinal) && e.Field == OptionField.Concurrency && e.Value == text);
    }

    [Fact]
    public void The_field_of_the_problems_can_be_changed()
    {
        bool parsed = ConcurrencyPlan.TryParse("0", out _, out IReadOnlyList<OptionProblem> errors, field: "levels");

        Assert.False(parsed);
        Assert.Equal("levels", errors[0].Field);
    }

    [Fact]
    public void Parse_throws_a_format_exception_with_the_first_problem()
    {
        FormatException error = Assert.Throws<FormatException>(() => ConcurrencyPlan.Parse("x"));

        Assert.StartsWith("concurrency \"x\" has level \"x\"", error.Message);
    }
}
