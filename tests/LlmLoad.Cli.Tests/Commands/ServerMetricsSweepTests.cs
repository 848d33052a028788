using System.Text.Json;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// Sweeps against the embedded simulator, whose <c>/metrics</c> speaks vLLM, on the tiny profile: gpt-oss-20b's
/// shape at a scale that runs in seconds (a scheduler cap of 8 sequences where gpt-oss-20b has 1,024, a proxy that
/// cuts streams above 48 in flight and refuses above 64 where gpt-oss-20b has 1,500 and 2,100). The levels sit where
/// docs/server-metrics.md's gpt-oss-20b sweep put them: under the cap, over it, in the proxy's cutting zone, over its limit.
/// The analysis names the engine's scheduler cap and the proxy limit, with figures.
/// </summary>
public sealed class ServerMetricsSweepTests(ServerMetricsSweepTests.EngineSweep sweep) : IDisposable, IClassFixture<ServerMetricsSweepTests.EngineSweep>
{
    private readonly CliHarness _cli = new();

    private static Task<(int ExitCode, string Out, string Error)> SweepAsync(string directory, params string[] extra) =>
        CliHarness.RunAsync(["sweep", "--sim-profile", "tiny", "--concurrency", "4,16,56,96", "--requests-per-level", "200",
            "--output-tokens", "40", "--scrape-interval", "100ms", "--output-dir", directory, .. extra]);

    /// <summary>One sweep that scraped the simulator's metrics, shared by the tests that read it.</summary>
    public sealed class EngineSweep : IAsyncLifetime
    {
        private readonly CliHarness _cli = new();

        public string Directory => _cli.PathOf("sweep");

        public string Output { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            var (exitCode, output, error) = await SweepAsync(Directory);
            Assert.True(exitCode == 0, error);
            Output = output;
        }

        public ValueTask DisposeAsync()
        {
            _cli.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task The_plateau_is_the_engines_scheduler_cap_and_the_breakpoint_the_proxy_limit_or_no_server_metrics_when_off()
    {
        // given the sweep with metrics
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(sweep.Directory, "sweep.json")));

        // then
        var analysis = document.RootElement.GetProperty("analysis");
        var plateau = analysis.GetProperty("plateau_explanation");
        Assert.Equal("scheduler_full", plateau.GetProperty("kind").GetString());
        Assert.Contains("the engine runs at most 8 sequences and queues the rest (waiting up to", plateau.GetProperty("evidence").GetProperty("finding").GetString());
        Assert.Equal(56, analysis.GetProperty("breakpoint").GetProperty("concurrency").GetInt32());
        var breakpoint = analysis.GetProperty("breakpoint_explanation");
        Assert.Equal("gateway_limit", breakpoint.GetProperty("kind").GetString());
        Assert.Matches(@"requests failed in front of the engine \(stream_truncated .*\) while the engine held up to \d+ \(8 running \+ \d+ waiting\) of the 56 offered: the limit is in front of the engine",
            breakpoint.GetProperty("evidence").GetProperty("finding").GetString());
        Assert.Contains("because the engine runs at most 8 sequences", sweep.Output);
        Assert.Contains("Breakpoint at c=56: ", sweep.Output);
        var level = document.RootElement.GetProperty("levels")[1];
        Assert.Equal("vllm", level.GetProperty("server")[0].GetProperty("engine").GetString());
        Assert.True(File.Exists(Path.Combine(sweep.Directory, "c16", "server_metrics.jsonl")));
        Assert.True(File.Exists(Path.Combine(sweep.Directory, "charts", "server-running-waiting.svg")));
        Assert.True(File.Exists(Path.Combine(sweep.Directory, "charts", "server-kv-cache.png")));

        // and when the same sweep scrapes nothing
        var off = _cli.PathOf("off");
        var (exitCode, output, error) = await SweepAsync(off, "--server-metrics", "off");

        // then
        Assert.True(exitCode == 0, error);
        Assert.Contains("no server metrics", output);
        Assert.DoesNotContain("plateau_explanation", File.ReadAllText(Path.Combine(off, "sweep.json")));
        Assert.False(File.Exists(Path.Combine(off, "c16", "server_metrics.jsonl")));
        Assert.False(File.Exists(Path.Combine(off, "charts", "server-running-waiting.svg")));
    }

    [Fact]
    public async Task Report_renders_a_saved_sweep_again_with_its_engine_charts_and_causes()
    {
        // given a copy of the sweep without its pictures
        var copy = CopyOfSweep("copy");
        Directory.Delete(Path.Combine(copy, "charts"), recursive: true);
        File.Delete(Path.Combine(copy, "report.html"));

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync("report", copy);

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        var charts = ChartNames(sweep.Directory);
        Assert.Contains("server-running-waiting.svg", charts);
        Assert.Equal(charts, ChartNames(copy));
        // the same picture: the SVGs differ only in their clip paths' ids, numbered per process
        static string Drawing(string path) => System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(path), "cl_[0-9a-f]+", "cl");
        Assert.Equal(Drawing(Path.Combine(sweep.Directory, "charts", "server-running-waiting.svg")), Drawing(Path.Combine(copy, "charts", "server-running-waiting.svg")));
        var report = File.ReadAllText(Path.Combine(copy, "report.html"));
        Assert.Contains("Engine: requests running and waiting", report);
        Assert.Contains("because the engine runs at most 8 sequences", output);
        Assert.Contains("the limit is in front of the engine", output);
    }

    [Fact]
    public async Task Compare_puts_the_engine_figures_of_each_sweep_level_side_by_side()
    {
        // given the sweep and a copy of it
        var copy = CopyOfSweep("again");

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync("compare", sweep.Directory, copy, "--output-dir", _cli.PathOf("cmp"));

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Contains("Engine metrics", output);
        var rows = EngineRows(File.ReadAllText(_cli.PathOf("cmp", "tables.md")));
        Assert.StartsWith("| Sweep, c | Running mean | Running max | Waiting mean | Waiting max | KV max (%) | Preemptions | Prefix hit (%) | "
            + "Server TTFT p50 (ms) | Client TTFT p50 (ms) | Server TTFT p99 (ms) | Client TTFT p99 (ms) |", rows[0]);
        Assert.Equal(8, rows.Length - 1);
        Assert.StartsWith("| sweep, 4 |", rows[1]);
        Assert.StartsWith("| again, 4 |", rows[2]);
        Assert.Equal(rows[7][rows[7].IndexOf(" |", StringComparison.Ordinal)..], rows[8][rows[8].IndexOf(" |", StringComparison.Ordinal)..]);
        Assert.Matches(@"^\| sweep, 16 \| [\d.]+ \| 8 \| [\d.]+ \| \d+ \| [\d.]+ \| \d+ \|( [\d.]+)? \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \|$", rows[3]);
    }

    [Fact]
    public async Task Compare_puts_the_engine_figures_of_runs_side_by_side_and_leaves_them_out_when_no_run_has_them()
    {
        // given two runs that scraped the engine and two that did not
        foreach (var (name, concurrency, metrics) in new[] { ("low", "4", "on"), ("high", "16", "on"), ("low-off", "4", "off"), ("high-off", "16", "off") })
        {
            string[] off = metrics == "off" ? ["--server-metrics", "off"] : [];
            var run = await CliHarness.RunAsync(["run", "--sim-profile", "tiny", "--concurrency", concurrency, "--num-requests", "100",
                "--output-tokens", "20", "--scrape-interval", "50ms", "--output-dir", _cli.PathOf(name), .. off]);
            Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        }

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync("compare", _cli.PathOf("low"), _cli.PathOf("high"), "--output-dir", _cli.PathOf("cmp"));
        var (offExitCode, offOutput, offError) = await CliHarness.RunAsync("compare", _cli.PathOf("low-off"), _cli.PathOf("high-off"), "--output-dir", _cli.PathOf("cmp-off"));

        // then
        Assert.True(exitCode == ExitCodes.Success, error);
        Assert.Contains("Engine metrics", output);
        var rows = EngineRows(File.ReadAllText(_cli.PathOf("cmp", "tables.md")));
        Assert.Equal(3, rows.Length);
        Assert.Matches(@"^\| low \| [\d.]+ \| [1-4] \| [\d.]+ \| \d+ \| ", rows[1]);
        Assert.Matches(@"^\| high \| [\d.]+ \| 8 \| [\d.]+ \| [1-9]\d* \| ", rows[2]);
        Assert.True(offExitCode == ExitCodes.Success, offError);
        Assert.DoesNotContain("Engine metrics", offOutput);
        Assert.DoesNotContain("Engine metrics", File.ReadAllText(_cli.PathOf("cmp-off", "tables.md")));
        Assert.False(Directory.Exists(_cli.PathOf("low-off", "charts")));
    }

    [Fact]
    public async Task A_runs_server_ttft_percentiles_agree_with_llmloads_within_a_bucket_and_its_engine_metrics_are_charted_over_time()
    {
        // given the simulator's TTFT histogram (vLLM's bounds, measured from the request's arrival, so only
        // loopback time separates it from llmload's TTFT)
        var run = _cli.PathOf("run");

        // when
        var (exitCode, _, error) = await CliHarness.RunAsync("run", "--sim-profile", "tiny", "--concurrency", "16", "--num-requests", "300",
            "--output-tokens", "20", "--scrape-interval", "100ms", "--output-dir", run);

        // then
        Assert.True(exitCode == 0, error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        var ttft = summary.RootElement.GetProperty("server")[0].GetProperty("server_ttft_ms");
        Assert.Equal(300, ttft.GetProperty("count").GetDouble());
        Assert.True(File.Exists(Path.Combine(run, "charts", "server-timeline-running-waiting.png")));
        Assert.True(File.Exists(Path.Combine(run, "charts", "server-timeline-kv-cache.svg")));
        double[] boundsMs = [1, 5, 10, 20, 40, 60, 80, 100, 250, 500, 750, 1000, 2500, 5000];
        foreach (var p in new[] { "p50", "p90" })
        {
            var server = ttft.GetProperty(p).GetDouble();
            var llmload = ttft.GetProperty("llmload_" + p).GetDouble();
            var upper = boundsMs.First(b => b >= llmload);
            var lower = boundsMs.LastOrDefault(b => b < llmload);
            Assert.True(Math.Abs(server - llmload) <= upper - lower, $"{p}: server {server} ms, llmload {llmload} ms, bucket {lower}-{upper} ms");
        }
    }

    [Theory]
    [InlineData("ftp://gpu-box/metrics", "--server-metrics \"ftp://gpu-box/metrics\" must be an http:// or https:// URL")]
    [InlineData("0s", "--scrape-interval")]
    public async Task Bad_server_metrics_flags_are_refused_with_the_fix(string value, string message)
    {
        var flag = value == "0s" ? "--scrape-interval" : "--server-metrics";

        var (exitCode, _, error) = await CliHarness.RunAsync("run", "--sim-profile", "instant", "--num-requests", "1", flag, value, "--output-dir", _cli.PathOf("bad"));

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains(message, error);
    }

    private static List<string> ChartNames(string directory) =>
        [.. Directory.GetFiles(Path.Combine(directory, "charts")).Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    private string CopyOfSweep(string name)
    {
        var copy = _cli.PathOf(name);
        foreach (var file in Directory.GetFiles(sweep.Directory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(sweep.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }

    /// <summary>The header and rows of the Engine metrics table in a tables.md, padding collapsed to single spaces.</summary>
    private static string[] EngineRows(string tables) =>
    [
        .. CliHarness.Lines(tables)
            .SkipWhile(line => line != "**Engine metrics**").Skip(1)
            .TakeWhile(line => line.StartsWith('|'))
            .Where(line => !line.StartsWith("| -", StringComparison.Ordinal))
            .Select(line => System.Text.RegularExpressions.Regex.Replace(line, " +", " ")),
    ];

    public void Dispose() => _cli.Dispose();
}
