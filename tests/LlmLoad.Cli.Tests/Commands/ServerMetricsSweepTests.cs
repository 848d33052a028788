using System.Text.Json;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// Sweeps against the embedded simulator (tiny profile: 8 sequences per step, proxy limit 64 connections), whose
/// <c>/metrics</c> speaks vLLM: the analysis names the engine's scheduler cap and the proxy limit, with figures.
/// </summary>
public sealed class ServerMetricsSweepTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private static Task<(int ExitCode, string Out, string Error)> SweepAsync(string directory, params string[] extra) =>
        CliHarness.RunAsync(["sweep", "--sim-profile", "tiny", "--concurrency", "4,16,128", "--requests-per-level", "200",
            "--output-tokens", "40", "--scrape-interval", "100ms", "--output-dir", directory, .. extra]);

    [Fact]
    public async Task The_plateau_is_the_engines_scheduler_cap_and_the_breakpoint_the_proxy_limit_or_no_server_metrics_when_off()
    {
        // when
        var sweep = _cli.PathOf("sweep");
        var (exitCode, output, error) = await SweepAsync(sweep);

        // then
        Assert.True(exitCode == 0, error);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(sweep, "sweep.json")));
        var analysis = document.RootElement.GetProperty("analysis");
        var plateau = analysis.GetProperty("plateau_explanation");
        Assert.Equal("scheduler_full", plateau.GetProperty("kind").GetString());
        Assert.Contains("the engine runs at most 8 sequences and queues the rest (waiting up to", plateau.GetProperty("evidence").GetProperty("finding").GetString());
        var breakpoint = analysis.GetProperty("breakpoint_explanation");
        Assert.Equal("gateway_limit", breakpoint.GetProperty("kind").GetString());
        Assert.Contains("the limit is in front of the engine", breakpoint.GetProperty("evidence").GetProperty("finding").GetString());
        Assert.Contains("because the engine runs at most 8 sequences", output);
        var level = document.RootElement.GetProperty("levels")[1];
        Assert.Equal("vllm", level.GetProperty("server")[0].GetProperty("engine").GetString());
        Assert.True(File.Exists(Path.Combine(sweep, "c16", "server_metrics.jsonl")));
        Assert.True(File.Exists(Path.Combine(sweep, "charts", "server-running-waiting.svg")));
        Assert.True(File.Exists(Path.Combine(sweep, "charts", "server-kv-cache.png")));

        // and when the same sweep scrapes nothing
        var off = _cli.PathOf("off");
        (exitCode, output, error) = await SweepAsync(off, "--server-metrics", "off");

        // then
        Assert.True(exitCode == 0, error);
        Assert.Contains("no server metrics", output);
        Assert.DoesNotContain("plateau_explanation", File.ReadAllText(Path.Combine(off, "sweep.json")));
        Assert.False(File.Exists(Path.Combine(off, "c16", "server_metrics.jsonl")));
        Assert.False(File.Exists(Path.Combine(off, "charts", "server-running-waiting.svg")));
    }

    [Fact]
    public async Task The_servers_ttft_percentiles_from_its_histogram_agree_with_llmloads_within_a_bucket()
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

    public void Dispose() => _cli.Dispose();
}
