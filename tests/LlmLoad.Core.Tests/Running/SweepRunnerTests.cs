using LlmLoad.Core.Running;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;
using LlmLoad.Tests.Support;

namespace LlmLoad.Core.Tests.Running;

[Collection(TimingSensitive.Name)]
public sealed class SweepRunnerTests : IDisposable
{
    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-sweep-{Guid.NewGuid():N}");

    [Fact]
    public async Task A_sweep_finds_the_plateau_the_knee_near_the_sharing_point_and_the_breakpoint_at_the_rejection_limit()
    {
        // given capacity 8 streams at full speed, refusal beyond 24 in flight; 15 ms tokens (300 ms requests) so that the
        // client's own gap between a user's requests, tens of ms with every core busy, cannot hold c=8 below its capacity
        await using var server = await CapacityServer.StartAsync(sharedBeyond: 8, rejectBeyond: 24, tokenMs: 15);
        var options = new SweepOptions
        {
            Template = new RunOptions
            {
                Endpoint = new EndpointOptions { BaseUrl = server.BaseUrl },
                Workload = new WorkloadOptions { InputTokens = "fixed:4", OutputTokens = "20" },
                OutputDirectory = _outputDir,
            },
            Plan = ConcurrencyPlan.Parse("4,8,16,32"),
            RequestsPerLevel = 48,
            WarmupPerLevel = 4,
            // c=4 is half the capacity and c=8 all of it: an 80% knee separates them even when the machine is noisy
            Analysis = SweepAnalysisOptions.Default with { KneeFraction = 0.8 },
        };

        // when
        SweepResult result;
        using (NoGCRegion.Enter())
        {
            result = await new SweepRunner(TimeProvider.System).RunAsync(options, TestContext.Current.CancellationToken);
        }

        // then
        var analysis = result.Document.Analysis;
        var byLevel = result.Document.Levels.ToDictionary(level => level.Load);
        Assert.Equal([4, 8, 16, 32], byLevel.Keys);
        var atCapacity = byLevel[8].Summary.RequestsPerSecond!.Value;
        Assert.InRange(byLevel[16].Summary.RequestsPerSecond!.Value / atCapacity, 0.8, 1.25); // the plateau: no gain past 8
        Assert.True(byLevel[4].Summary.RequestsPerSecond < 0.75 * atCapacity, "below the sharing point throughput still grows");
        Assert.Equal(8, analysis.Knee!.Load);
        Assert.Equal(32, analysis.Breakpoint.Load);
        Assert.Equal(1.0, byLevel[16].SuccessRate);
        Assert.True(byLevel[32].SuccessRate < 0.99);
        Assert.Contains("c=32", analysis.Reading);
        foreach (var file in new[] { "sweep.json", "sweep.csv", "report.html", "charts/output-throughput.svg", "c8/requests.jsonl", "c8/summary.json" })
        {
            Assert.True(File.Exists(Path.Combine(_outputDir, file)), file);
        }
    }

    [Fact]
    public async Task Levels_with_fewer_requests_than_users_are_marked_not_reached_and_no_verdict_names_them()
    {
        // given a fast server and 20 requests per level, allowed below the upper levels
        await using var server = await CapacityServer.StartAsync(sharedBeyond: 1000, rejectBeyond: int.MaxValue, tokenMs: 5, lengths: [4]);
        var options = new SweepOptions
        {
            Template = new RunOptions
            {
                Endpoint = new EndpointOptions { BaseUrl = server.BaseUrl },
                Workload = new WorkloadOptions { InputTokens = "fixed:4", OutputTokens = "4" },
                OutputDirectory = _outputDir,
            },
            Plan = ConcurrencyPlan.Parse("1..128"),
            RequestsPerLevel = 20,
            AllowPartialLevels = true,
        };
        Assert.Empty(options.Validate());

        // when
        var result = await new SweepRunner(TimeProvider.System).RunAsync(options, TestContext.Current.CancellationToken);

        // then
        var analysis = result.Document.Analysis;
        var notReached = result.Document.Levels.Where(level => !level.Reached).Select(level => level.Load);
        Assert.Equal([32, 64, 128], notReached);
        Assert.All(result.Document.Levels.Where(level => level.Reached), level => Assert.True(level.Load <= 16));
        double?[] named = [analysis.Peak?.Load.Value, analysis.Peak?.OutputPeakLoad.Value, analysis.Knee?.Load.Value, analysis.Breakpoint.Load?.Value,
            analysis.Plateau?.FromLoad.Value, analysis.Plateau?.ToLoad.Value];
        Assert.All(named, concurrency => Assert.True(concurrency is null or <= 16, $"a verdict names c={concurrency}"));
        Assert.DoesNotContain(analysis.Breakpoint.Evidence.Observations, o => o.Load > 16);
        Assert.Contains("c=32, c=64, c=128 never had their concurrency in flight (at most 20 requests at once) and are left out of the verdicts.", analysis.Reading);
        Assert.Contains("\"concurrency_reached\": false", File.ReadAllText(Path.Combine(_outputDir, "sweep.json")));
        Assert.Contains("never had their concurrency in flight", File.ReadAllText(Path.Combine(_outputDir, "report.html")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
