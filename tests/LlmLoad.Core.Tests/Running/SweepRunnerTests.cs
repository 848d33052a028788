using LlmLoad.Core.Running;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;
using LlmLoad.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Core.Tests.Running;

[Collection(TimingSensitive.Name)]
public sealed class SweepRunnerTests : IDisposable
{
    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-sweep-{Guid.NewGuid():N}");

    /// <summary>
    /// A server with a known capacity: up to <paramref name="sharedBeyond"/> streams each get a token every
    /// 5 ms; beyond that the streams share the rate (processor sharing), so throughput stops growing; beyond
    /// <paramref name="rejectBeyond"/> streams in flight, a request is refused with 503.
    /// </summary>
    private static Task<LoopbackServer> StartCapacityServerAsync(int sharedBeyond, int rejectBeyond)
    {
        var inFlight = 0;
        return LoopbackServer.StartAsync(async context =>
        {
            var now = Interlocked.Increment(ref inFlight);
            try
            {
                if (now > rejectBeyond)
                {
                    context.Response.StatusCode = 503;
                    await context.Response.WriteAsync("{\"error\":{\"message\":\"over capacity\"}}");
                    return;
                }
                await SseScript.StartStreamAsync(context);
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                var dueMs = 0.0;
                for (var i = 0; i < 20; i++)
                {
                    // deadlines, not chained delays: timer overshoot must not lower the modelled capacity
                    dueMs += 5 * Math.Max(1.0, (double)Volatile.Read(ref inFlight) / sharedBeyond);
                    var waitMs = dueMs - System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (waitMs > 0)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(waitMs), context.RequestAborted);
                    }
                    await SseScript.WriteAsync(context, SseScript.ChatChunk(" tok"));
                }
                await SseScript.WriteAsync(context, SseScript.FinishChunk() + SseScript.UsageChunk(4, 20) + SseScript.Done);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        });
    }

    [Fact]
    public async Task A_sweep_finds_the_plateau_the_knee_near_the_sharing_point_and_the_breakpoint_at_the_rejection_limit()
    {
        // given capacity 8 streams at full speed, refusal beyond 24 in flight
        await using var server = await StartCapacityServerAsync(sharedBeyond: 8, rejectBeyond: 24);
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
