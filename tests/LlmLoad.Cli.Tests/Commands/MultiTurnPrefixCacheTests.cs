using System.Text.Json.Nodes;
using LlmLoad.Cli.Tests.Support;
using LlmLoad.Simulator.Http;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// A multi-turn run end to end against the simulator: prompts grow six-fold over the turns; with the prefix cache each
/// turn prefills little more than its new text, so TTFT stays near turn 1's, and without it TTFT grows with the prompt.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class MultiTurnPrefixCacheTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<(JsonArray ByTurn, JsonNode Server, SimulatorServer Simulator)> RunSessionsAsync(bool prefixCaching, string outputDir)
    {
        var profile = ProfileCatalog.Get("gpt-oss-20b") with { PrefixCaching = prefixCaching };
        var simulator = await SimulatorServer.StartAsync(new SimulatorServerOptions { Profile = profile, Port = 0 }, TestContext.Current.CancellationToken);
        var run = await CliRun.InvokeAsync(["run", "--base-url", simulator.BaseUrl.ToString(), "--multi-turn", "--turns", "6",
            "--input-tokens", "fixed:600", "--output-tokens", "40", "--concurrency", "4", "--num-sessions", "8", "--output-dir", outputDir]);
        Assert.True(run.ExitCode == 0, run.Error);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(outputDir, "summary.json")))!;
        return (summary["by_turn"]!.AsArray(), summary["server"]!.AsArray().Single()!, simulator);
    }

    private static double Field(JsonNode? node, string key) => node![key]!.GetValue<double>();

    [Fact]
    public async Task With_the_prefix_cache_ttft_stays_near_turn_ones_as_the_prompt_grows_and_without_it_ttft_grows()
    {
        // when the same sessions run with the simulator's prefix cache on, then off
        var (cached, server, simulator) = await RunSessionsAsync(prefixCaching: true, _cli.PathOf("cached"));
        var gauges = simulator.Gauges;
        await simulator.DisposeAsync();
        var (uncached, uncachedServer, plain) = await RunSessionsAsync(prefixCaching: false, _cli.PathOf("uncached"));
        await plain.DisposeAsync();

        // then the prompt grew six-fold over the turns in both runs
        Assert.Equal(6, cached.Count);
        Assert.Equal(6, uncached.Count);
        Assert.InRange(Field(cached[5], "mean_input_tokens") / Field(cached[0], "mean_input_tokens"), 5, 8);
        // with the cache, turn 6's TTFT is near turn 1's (measured 1.2x); without it, it grows with the prompt (2.5x)
        var cachedGrowth = Field(cached[5], "mean_ttft_ms") / Field(cached[0], "mean_ttft_ms");
        var uncachedGrowth = Field(uncached[5], "mean_ttft_ms") / Field(uncached[0], "mean_ttft_ms");
        Assert.True(cachedGrowth < 1.6, $"with the cache TTFT grew {cachedGrowth:0.00}x");
        Assert.True(uncachedGrowth > 1.8, $"without the cache TTFT grew only {uncachedGrowth:0.00}x");
        Assert.True(uncachedGrowth > cachedGrowth * 1.4, $"{uncachedGrowth:0.00}x without the cache vs {cachedGrowth:0.00}x with it");
        // and the hit rate summary.json reports is the simulator's own: its counters over the run (the scraped window
        // leaves out the pre-flight request and what came before the first scrape, so within a few points)
        var simulatorHitRate = (double)gauges.PrefixCacheHits / gauges.PrefixCacheQueries;
        Assert.InRange(Field(server, "prefix_cache_hit_rate"), simulatorHitRate - 0.05, simulatorHitRate + 0.05);
        Assert.InRange(simulatorHitRate, 0.4, 0.9);
        Assert.Null(uncachedServer["prefix_cache_hit_rate"]);
    }
}
