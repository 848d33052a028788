using LlmLoad.Cli.Tests.Support;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>Levels with fewer requests than users (issue 17, item 4): refused unless asked for, then marked and left out.</summary>
public sealed class SweepPartialLevelsTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Requests_per_level_below_a_level_is_refused_in_one_line_naming_the_flag_that_allows_it()
    {
        // when
        var run = await CliRun.InvokeAsync(["sweep", "--sim-profile", "instant", "--concurrency", "1..100000", "--requests-per-level", "20",
            "--output-dir", _cli.PathOf("sweep")]);

        // then
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(["error: --requests-per-level \"20\" is below the concurrency of levels 32 to 100000 (13 levels), which would never have that many "
            + "requests in flight; raise it to 100000, keep --concurrency at or below 20, or pass --allow-partial-levels to run them anyway "
            + "(they are left out of the verdicts)."], run.ErrorLines);
        Assert.False(Directory.Exists(_cli.PathOf("sweep")));
    }

    [Fact]
    public async Task With_partial_levels_allowed_the_levels_above_the_request_count_are_marked_not_reached()
    {
        // when
        var (exitCode, output, error) = await CliHarness.RunAsync("sweep", "--sim-profile", "tiny", "--concurrency", "4,8,32,64",
            "--requests-per-level", "20", "--allow-partial-levels", "--output-tokens", "8", "--output-dir", _cli.PathOf("sweep"));

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Contains("c=32, c=64 never had their concurrency in flight (at most 20 requests at once) and are left out of the verdicts.", output);
        Assert.Contains("warning: not reached, at most 20 of 64 requests in flight", error);
    }

    [Fact]
    public async Task The_help_of_sweep_names_the_flag()
    {
        // when
        var (_, output, _) = await CliHarness.RunAsync("sweep", "--help");

        // then
        Assert.Contains("--allow-partial-levels", output);
    }

    public void Dispose() => _cli.Dispose();
}
