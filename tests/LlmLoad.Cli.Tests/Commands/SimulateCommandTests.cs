namespace LlmLoad.Cli.Tests.Commands;

/// <summary><c>llmload simulate</c> with multi-turn sessions and shared prefixes.</summary>
public sealed class SimulateCommandTests
{
    [Fact]
    public async Task A_multi_turn_simulation_prints_the_prefix_cache_hit_rate_and_ttft_by_turn()
    {
        var (exitCode, output, error) = await CliHarness.RunAsync("simulate", "--profile", "tiny", "--concurrency", "4",
            "--multi-turn", "--turns", "3", "--think-time", "exponential:200ms", "--input-tokens", "100:200", "--output-tokens", "30",
            "--prefix-tokens", "256", "--prefix-groups", "2");

        Assert.True(exitCode == 0, error);
        var line = Assert.Single(CliHarness.Lines(output), l => l.StartsWith("  c=4: hit rate ", StringComparison.Ordinal));
        Assert.Contains("turn 1: ", line);
        Assert.Contains("turn 3: ", line);
    }

    [Theory]
    [InlineData("--multi-turn", "--multi-turn needs --turns N (2 or more) in a simulation, whose prompts are synthetic.")]
    [InlineData("--turns=3", "--turns and --think-time describe sessions; add --multi-turn.")]
    [InlineData("--prefix-groups=4", "--prefix-groups needs --prefix-tokens P (the length of each group's prefix).")]
    public async Task Session_options_that_do_not_fit_together_are_bad_input(string option, string message)
    {
        var (exitCode, _, error) = await CliHarness.RunAsync("simulate", "--profile", "tiny", "--concurrency", "2", option);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, error);
    }
}
