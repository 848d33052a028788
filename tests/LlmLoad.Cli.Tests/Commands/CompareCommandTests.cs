using System.Text.Json.Nodes;
using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Cli.Tests.Commands;

public sealed class CompareCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public async Task Two_runs_are_compared_row_by_row_in_the_throughput_and_latency_tables()
    {
        // given two runs of different concurrency (without engine metrics, whose table ServerMetricsSweepTests checks)
        foreach (var (name, concurrency) in new[] { ("low", "1"), ("high", "8") })
        {
            var run = await CliHarness.RunAsync("run", "--sim-profile", "tiny", "--concurrency", concurrency, "--num-requests", "20",
                "--output-tokens", "8", "--server-metrics", "off", "--output-dir", _cli.PathOf(name));
            Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        }

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync("compare", _cli.PathOf("low"), _cli.PathOf("high"), "--output-dir", _cli.PathOf("cmp"));

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        var lines = CliHarness.Lines(output);
        Assert.Contains(lines, line => line.Contains("│ Run ", StringComparison.Ordinal) && line.Contains("Requests/s", StringComparison.Ordinal));
        // a row in the outcome, throughput and latency tables each
        Assert.Equal(3, lines.Count(line => line.StartsWith("│ low ", StringComparison.Ordinal)));
        Assert.Equal(3, lines.Count(line => line.StartsWith("│ high ", StringComparison.Ordinal)));
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

    [Fact]
    public async Task A_summary_that_is_not_json_is_named_in_one_line()
    {
        // given two run directories, one with a cut summary.json
        var runs = new[] { _cli.PathOf("good"), _cli.PathOf("cut") };
        foreach (var run in runs)
        {
            Directory.CreateDirectory(run);
        }
        File.WriteAllText(Path.Combine(runs[0], "summary.json"), "{}");
        File.WriteAllText(Path.Combine(runs[1], "summary.json"), "{\"completed\": ");

        // when
        var (exitCode, _, error) = await CliHarness.RunAsync("compare", runs[0], runs[1], "--output-dir", _cli.PathOf("cmp"));

        // then
        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.StartsWith($"error: {Path.Combine(runs[1], "summary.json")} is not valid JSON:", error.Trim());
        Assert.Single(CliHarness.Lines(error.Trim()));
    }

    /// <summary>A server that streams every request, but fails every other measured one at once with a 500 when <paramref name="flaky"/>.</summary>
    private static Task<LoopbackServer> StartServerAsync(bool flaky)
    {
        var count = 0;
        return LoopbackServer.StartAsync(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            var preflight = body.Contains("\"max_completion_tokens\":1,", StringComparison.Ordinal);
            if (flaky && !preflight && Interlocked.Increment(ref count) % 2 == 0)
            {
                context.Response.StatusCode = 500;
                return;
            }
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" hi") + SseScript.FinishChunk() + SseScript.Done);
        });
    }

    [Fact]
    public async Task Runs_are_shown_with_success_failures_and_interruption_in_the_order_given_and_incomparable_ones_are_marked()
    {
        // given a clean run, a run that failed half its requests (so its req/s may well be higher), a run of another
        // workload, and a run the user stopped (its summary says interrupted)
        await using var clean = await StartServerAsync(flaky: false);
        await using var flaky = await StartServerAsync(flaky: true);
        foreach (var (name, server, outputTokens) in new[] { ("clean", clean, "8"), ("flaky", flaky, "8"), ("longer", clean, "16") })
        {
            var run = await CliHarness.RunAsync("run", "--base-url", server.BaseUrl.ToString(), "--concurrency", "2", "--num-requests", "8",
                "--output-tokens", outputTokens, "--output-dir", _cli.PathOf(name));
            Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        }
        Directory.CreateDirectory(_cli.PathOf("stopped"));
        var summary = JsonNode.Parse(File.ReadAllText(_cli.PathOf("clean", "summary.json")))!;
        summary["interrupted"] = true;
        File.WriteAllText(_cli.PathOf("stopped", "summary.json"), summary.ToJsonString());

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync("compare", _cli.PathOf("flaky"), _cli.PathOf("clean"),
            _cli.PathOf("longer"), _cli.PathOf("stopped"), "--output-dir", _cli.PathOf("cmp"));

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        var outcome = OutcomeRows();
        Assert.Equal("| Run | Success % | Completed | Failed | Cancelled | Interrupted | Comparable |", (outcome[0]));
        Assert.Equal("| flaky | 50.00 | 4 | 4 | 0 | no | yes |", (outcome[1]));
        Assert.Equal("| clean | 100.00 | 8 | 0 | 0 | no | yes |", (outcome[2]));
        Assert.Equal("| longer | 100.00 | 8 | 0 | 0 | no | no: output_tokens 16 vs 8 in flaky |", (outcome[3]));
        Assert.Equal("| stopped | 100.00 | 8 | 0 | 0 | yes | no: interrupted |", (outcome[4]));
        Assert.Contains("Success %", output);
        Assert.Contains("warning: longer is not comparable with flaky: output_tokens 16 vs 8 in flaky.", CliHarness.Lines(error));
        Assert.Contains("warning: stopped is not comparable with flaky: interrupted.", CliHarness.Lines(error));
        Assert.DoesNotContain(CliHarness.Lines(error), line => line.StartsWith("warning: clean", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sweeps_show_their_failures_and_a_sweep_of_another_workload_is_marked()
    {
        // given two predicted sweeps of tiny, the second with outputs over its 4096-token context (every request refused)
        foreach (var (name, outputTokens) in new[] { ("fits", "8"), ("over", "5000") })
        {
            var simulate = await CliHarness.RunAsync("simulate", "--profile", "tiny", "--concurrency", "2,4",
                "--output-tokens", outputTokens, "--output-dir", _cli.PathOf(name));
            Assert.True(simulate.ExitCode == ExitCodes.Success, simulate.Error);
        }

        // when
        var (exitCode, _, error) = await CliHarness.RunAsync("compare", _cli.PathOf("fits"), _cli.PathOf("over"), "--output-dir", _cli.PathOf("cmp"));

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        var outcome = OutcomeRows();
        Assert.Equal("| Sweep | Levels | Failed | Lowest success % | at c | Interrupted | Comparable |", (outcome[0]));
        Assert.Matches(@"^\| fits \| 2 \| 0 \| 100\.00 \| \d \| no \| yes \|$", (outcome[1]));
        Assert.Matches(@"^\| over \| 2 \| \d+ \| 0\.00 \| 2 \| no \| no: output_tokens 5000 vs 8 in fits \|$", (outcome[2]));
    }

    /// <summary>The header and the rows of the Outcome table in cmp/tables.md, padding collapsed to single spaces.</summary>
    private string[] OutcomeRows() =>
    [
        .. CliHarness.Lines(File.ReadAllText(_cli.PathOf("cmp", "tables.md")))
            .SkipWhile(line => line != "**Outcome**").Skip(1)
            .TakeWhile(line => line.StartsWith('|'))
            .Where(line => !line.StartsWith("| -", StringComparison.Ordinal))
            .Select(Squeeze),
    ];

    /// <summary>A Markdown row with its padding collapsed to single spaces.</summary>
    private static string Squeeze(string row) => System.Text.RegularExpressions.Regex.Replace(row, " +", " ");

    public void Dispose() => _cli.Dispose();
}
