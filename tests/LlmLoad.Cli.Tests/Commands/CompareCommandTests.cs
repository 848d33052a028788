namespace LlmLoad.Cli.Tests.Commands;

public sealed class CompareCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Two_runs_are_compared_row_by_row_in_the_seed_tables()
    {
        // given two runs of different concurrency
        foreach (var (name, concurrency) in new[] { ("low", "1"), ("high", "8") })
        {
            var run = await CliHarness.RunAsync("run", "--sim-profile", "tiny", "--concurrency", concurrency, "--num-requests", "20",
                "--output-tokens", "8", "--output-dir", _cli.PathOf(name));
            Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        }

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync("compare", _cli.PathOf("low"), _cli.PathOf("high"), "--output-dir", _cli.PathOf("cmp"));

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        var lines = CliHarness.Lines(output);
        Assert.Contains(lines, line => line.Contains("│ Run ", StringComparison.Ordinal) && line.Contains("Requests/s", StringComparison.Ordinal));
        Assert.Equal(2, lines.Count(line => line.StartsWith("│ low ", StringComparison.Ordinal)));
        Assert.Equal(2, lines.Count(line => line.StartsWith("│ high ", StringComparison.Ordinal)));
        var tables = File.ReadAllText(_cli.PathOf("cmp", "tables.md"));
        Assert.Contains("| low  |", tables);
        Assert.Contains("| high |", tables);
    }

    [Fact]
    public async Task Two_sweeps_are_compared_level_by_level_with_overlay_charts()
    {
        // given two predicted sweeps (virtual time: no sockets needed for the saved files)
        foreach (var (name, profile) in new[] { ("tiny-a", "tiny"), ("tiny-b", "tiny") })
        {
            var simulate = await CliHarness.RunAsync("simulate", "--profile", profile, "--concurrency", name == "tiny-a" ? "2,8" : "2,4,8",
                "--output-tokens", "8", "--output-dir", _cli.PathOf(name));
            Assert.True(simulate.ExitCode == ExitCodes.Success, simulate.Error);
        }

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync("compare", _cli.PathOf("tiny-a"), _cli.PathOf("tiny-b"), "--output-dir", _cli.PathOf("cmp"));

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Contains("Verdicts", output);
        Assert.Contains("Request throughput (req/s)", output);
        Assert.Contains("tiny-a: Request throughput", output);
        Assert.True(File.Exists(_cli.PathOf("cmp", "charts", "output-throughput.png")));
        Assert.True(File.Exists(_cli.PathOf("cmp", "charts", "request-throughput-tiny-a.png")));
        Assert.True(File.Exists(_cli.PathOf("cmp", "charts", "request-throughput-tiny-b.png")));
        Assert.True(File.Exists(_cli.PathOf("cmp", "report.html")));
        var level4 = CliHarness.Lines(File.ReadAllText(_cli.PathOf("cmp", "tables.md"))).Single(line => line.StartsWith("| 4 ", StringComparison.Ordinal));
        Assert.Matches(@"^\| 4 +\| +\| +\d+\.\d\d \|$", level4);
    }

    [Fact]
    public async Task Runs_and_sweeps_are_not_mixed()
    {
        // given
        var sweep = _cli.PathOf("sweep");
        Directory.CreateDirectory(sweep);
        File.WriteAllText(Path.Combine(sweep, "sweep.json"), "{}");
        var run = _cli.PathOf("run");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "summary.json"), "{}");

        // when
        var (exitCode, _, error) = await CliHarness.RunAsync("compare", sweep, run);

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Equal("error: compare takes run directories (summary.json) or sweep and study directories (sweep.json, study.json), not a mix of both.", error.Trim());
    }

    public void Dispose() => _cli.Dispose();
}
