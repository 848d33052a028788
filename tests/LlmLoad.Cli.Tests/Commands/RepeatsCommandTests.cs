using System.Diagnostics;
using System.Text.Json.Nodes;
using LlmLoad.Cli.Tests.Support;
using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// <c>--repeats</c> through the CLI: each repeat in its own directory, the aggregate
/// with mean, std and 95% interval in summary.json, the endpoint reset before every repeat.
/// </summary>
public sealed class RepeatsCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    /// <summary>
    /// A streaming server whose speed changes between repeats by known amounts: every POST to /reset moves it to the
    /// next repeat, whose token gap is <paramref name="tokenGapsMs"/>[repeat - 1] (the run-to-run variation the study saw).
    /// </summary>
    private static Task<LoopbackServer> StartVaryingServerAsync(double[] tokenGapsMs, Action onReset)
    {
        int repeat = 0;
        return LoopbackServer.StartAsync(async context =>
        {
            if (context.Request.Path == "/reset")
            {
                Interlocked.Increment(ref repeat);
                onReset();
                return;
            }
            var gap = TimeSpan.FromMilliseconds(tokenGapsMs[Math.Clamp(Volatile.Read(ref repeat), 1, tokenGapsMs.Length) - 1]);
            var start = Stopwatch.GetTimestamp();
            await SseScript.StartStreamAsync(context);
            for (var token = 0; token < OutputTokens; token++)
            {
                // paced against absolute deadlines, so the gap between tokens is the repeat's and nothing accumulates
                await SseScript.WaitUntilAsync(start, gap * token, context.RequestAborted);
                await SseScript.WriteAsync(context, SseScript.ChatChunk(" a"));
            }
            await SseScript.WriteAsync(context, SseScript.FinishChunk() + SseScript.UsageChunk(12, OutputTokens) + SseScript.Done);
        });
    }

    private const int OutputTokens = 8;

    [Fact]
    public async Task Run_repeats_against_a_server_that_varies_between_repeats_report_an_interval_covering_the_known_mean()
    {
        // given three repeats at 40, 60 and 80 ms per token: the truth over repeats is a mean TPOT of 60 ms (gaps this
        // far apart stay apart on two busy cores, where a token can come 10 ms late)
        double[] gapsMs = [40, 60, 80];
        var resets = 0;
        await using var server = await StartVaryingServerAsync(gapsMs, () => Interlocked.Increment(ref resets));
        var output = _cli.PathOf("run");

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--concurrency", "4", "--num-requests", "12",
            "--output-tokens", OutputTokens.ToString(System.Globalization.CultureInfo.InvariantCulture), "--repeats", "3",
            "--reset-url", new Uri(server.BaseUrl, "/reset").ToString(), "--output-dir", output);

        // then the server was reset before every repeat, and each repeat kept its own files
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(3, resets);
        foreach (var directory in new[] { "r1", "r2", "r3" })
        {
            Assert.True(File.Exists(Path.Combine(output, directory, "summary.json")), directory);
            Assert.True(File.Exists(Path.Combine(output, directory, "requests.jsonl")), directory);
        }
        var summary = (JsonObject)JsonNode.Parse(File.ReadAllBytes(Path.Combine(output, "summary.json")))!;
        var repeats = summary["repeats"]!.AsArray();
        Assert.Equal(["r1", "r2", "r3"], repeats.Select(r => r!["directory"]!.GetValue<string>()));
        double[] tpot = [.. repeats.Select(r => r!["mean_tpot_ms"]!.GetValue<double>())];
        Assert.True(tpot[0] < tpot[2], $"TPOT by repeat: {string.Join(", ", tpot)}");

        // and the aggregate's 95% interval of mean TPOT covers the mean of the known per-repeat gaps
        var aggregate = summary["aggregate"]!;
        Assert.Equal(3, aggregate["repeats"]!.GetValue<int>());
        var meanTpot = aggregate["mean_tpot_ms"]!;
        Assert.Equal(tpot.Average(), meanTpot["mean"]!.GetValue<double>(), 9);
        Assert.True(meanTpot["std"]!.GetValue<double>() > 0);
        double low = meanTpot["ci95_low"]!.GetValue<double>(), high = meanTpot["ci95_high"]!.GetValue<double>();
        Assert.InRange(gapsMs.Average(), low, high);
        Assert.Equal(high - meanTpot["mean"]!.GetValue<double>(), meanTpot["ci95_half_width"]!.GetValue<double>(), 9);
        // so does the per-user token rate's, around the known 1000 / gap per repeat (25, 16.7, 12.5 tok/s)
        var perUser = aggregate["output_throughput_per_user"]!;
        Assert.InRange(gapsMs.Average(g => 1000 / g), perUser["ci95_low"]!.GetValue<double>(), perUser["ci95_high"]!.GetValue<double>());
        foreach (var key in new[] { "request_throughput", "output_throughput", "success_rate", "p99_ttft_ms", "p99_e2el_ms" })
        {
            Assert.NotNull(aggregate[key]!["ci95_half_width"]);
        }

        // and the console shows mean ± half-width
        Assert.Contains("Mean ± 95% CI", run.Out);
        Assert.Matches(@"Mean TPOT \(ms\).*\d ± \d", run.Out);

        // and `report` draws it again from the repeats' records: the same table, each repeat's report.html
        var report = await CliRun.InvokeAsync("report", output);
        Assert.True(report.ExitCode == 0, report.Error);
        Assert.Equal(TableRow(run.Out, "Mean TPOT (ms)"), TableRow(report.Out, "Mean TPOT (ms)"));
        Assert.All(new[] { "r1", "r2", "r3" }, directory => Assert.True(File.Exists(Path.Combine(output, directory, "report.html")), directory));

        // and `compare` points at the repeats instead of misreading the aggregate as one run
        var compare = await CliRun.InvokeAsync("compare", output, Path.Combine(output, "r1"), "--output-dir", _cli.PathOf("compared"));
        Assert.Equal(2, compare.ExitCode);
        Assert.Contains("holds a repeated run; compare its repeats' directories", compare.Error);
    }

    private static string TableRow(string console, string label) =>
        console.Split('\n').Single(line => line.Contains(label, StringComparison.Ordinal));

    [Fact]
    public async Task A_single_run_keeps_its_summary_format_and_has_no_interval()
    {
        // given
        await using var server = await StartVaryingServerAsync([5], () => { });
        var output = _cli.PathOf("once");

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--concurrency", "2", "--num-requests", "4",
            "--output-dir", output);

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        var summary = (JsonObject)JsonNode.Parse(File.ReadAllBytes(Path.Combine(output, "summary.json")))!;
        Assert.Equal(4, summary["completed"]!.GetValue<int>());
        Assert.False(summary.ContainsKey("aggregate"));
        Assert.False(Directory.Exists(Path.Combine(output, "r1")));
        Assert.DoesNotContain("±", run.Out);
    }

    [Fact]
    public async Task A_sweep_with_repeats_runs_the_reset_command_before_every_repeat_of_every_level()
    {
        // given a reset command that appends a line to a file
        var log = _cli.PathOf("resets.log");

        // when
        var run = await CliRun.InvokeAsync("sweep", "--sim-profile", "instant", "--concurrency", "1,2", "--requests-per-level", "4",
            "--repeats", "3", "--reset-shell", "--reset-cmd", $"echo reset >> '{log}'", "--output-dir", _cli.PathOf("sweep"));

        // then two levels × three repeats = six resets, and sweep.json carries each level's aggregate
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(6, File.ReadAllLines(log).Length);
        var sweep = (JsonObject)JsonNode.Parse(File.ReadAllBytes(_cli.PathOf("sweep", "sweep.json")))!;
        foreach (var level in sweep["levels"]!.AsArray())
        {
            Assert.Equal(3, level!["repeats"]!.AsArray().Count);
            Assert.NotNull(level["aggregate"]!["request_throughput"]!["ci95_half_width"]);
            Assert.NotNull(level["throughput_spread"]!["request_throughput"]!["ci95_low"]);
        }
        Assert.Contains(" ± ", run.Out);
    }

    public void Dispose() => _cli.Dispose();
}
