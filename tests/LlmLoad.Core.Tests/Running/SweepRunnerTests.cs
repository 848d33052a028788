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
        // given capacity 8 streams at full speed, refusal beyond 24 in flight
        await using var server = await CapacityServer.StartAsync(sharedBeyond: 8, rejectBeyond: 24);
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
        var result = await new SweepRunner(TimeProvider.System).RunAsync(options, TestContext.Current.CancellationToken);

        // then
        var analysis = result.Document.Analysis;
        var byLevel = result.Document.Levels.ToDictionary(level => level.Concurrency);
        Assert.Equal([4, 8, 16, 32], byLevel.Keys);
        var atCapacity = byLevel[8].Summary.RequestsPerSecond!.Value;
        Assert.InRange(byLevel[16].Summary.RequestsPerSecond!.Value / atCapacity, 0.8, 1.25); // the plateau: no gain past 8
        Assert.True(byLevel[4].Summary.RequestsPerSecond < 0.75 * atCapacity, "below the sharing point throughput still grows");
        Assert.Equal(8, analysis.Knee!.Concurrency);
        Assert.Equal(32, analysis.Breakpoint.Concurrency);
        Assert.Equal(1.0, byLevel[16].SuccessRate);
        Assert.True(byLevel[32].SuccessRate < 0.99);
        Assert.Contains("c=32", analysis.Reading);
        foreach (var file in new[] { "sweep.json", "sweep.csv", "report.html", "charts/output-throughput.svg", "c8/requests.jsonl", "c8/summary.json" })
        {
            Assert.True(File.Exists(Path.Combine(_outputDir, file)), file);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
