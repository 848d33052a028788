using System.Diagnostics;
using LlmLoad.Core.Load;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Running;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;
using LlmLoad.Tests.Common;

namespace LlmLoad.Core.Tests.Running;

[Collection(TimingSensitive.Name)]
public sealed class LevelRunnerTests : IDisposable
{
    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-runner-{Guid.NewGuid():N}");

    /// <summary>First token 100 ms after the request arrives, then one token every 10 ms; 8 tokens; usage reports 8.</summary>
    private static Task<LoopbackServer> StartPacedServerAsync() => LoopbackServer.StartAsync(async context =>
    {
        var start = Stopwatch.GetTimestamp();
        await SseScript.StartStreamAsync(context);
        for (var i = 0; i < 8; i++)
        {
            await SseScript.WaitUntilAsync(start, TimeSpan.FromMilliseconds(100 + 10 * i), context.RequestAborted);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" token"));
        }
        await SseScript.WriteAsync(context, SseScript.FinishChunk() + SseScript.UsageChunk(12, 8) + SseScript.Done);
    });

    [Fact]
    public async Task The_summary_of_a_closed_loop_run_matches_the_servers_pacing_and_counts_every_token()
    {
        // given
        await using var server = await StartPacedServerAsync();
        var options = new RunOptions
        {
            Endpoint = new EndpointOptions { BaseUrl = server.BaseUrl },
            Workload = new WorkloadOptions { InputTokens = "fixed:12", OutputTokens = "8" },
            Load = new LoadOptions { Concurrency = 8, NumRequests = 48, WarmupRequests = 8 },
            OutputDirectory = _outputDir,
        };

        // when
        var result = await new LevelRunner(TimeProvider.System).RunAsync(options, new RunProgress(), TestContext.Current.CancellationToken);

        // then
        var summary = result.Summary;
        Assert.Equal(48, summary.Completed);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(48 * 8, summary.TotalOutputTokens);
        Assert.Equal(48 * 12, summary.TotalInputTokens);
        // at least the server's pacing, and within generous bounds that hold with both cores busy (the server's own
        // pacing slips on a loaded machine; RequestExecutorTests and bench/ hold the precision)
        Assert.InRange(summary.Ttft.Mean!.Value, 100, 100 * 3);
        Assert.InRange(summary.Tpot.Mean!.Value, 10 - 1, 10 * 3);
        Assert.InRange(summary.Itl.Mean!.Value, 10 - 1, 10 * 3);
        Assert.Equal(56, RecordReader.ReadFile(Path.Combine(_outputDir, SavedRun.RecordsFileName)).Records.Count);
        Assert.True(File.Exists(Path.Combine(_outputDir, SavedRun.SummaryFileName)));
        Assert.False(result.Interrupted);
        Assert.NotNull(result.ClientHealth);
        Assert.InRange(result.ClientHealth.CpuMsPerRequest!.Value, 0, 1000);
        Assert.Contains("\"client_health\": {", File.ReadAllText(Path.Combine(_outputDir, SavedRun.SummaryFileName)));
    }

    [Fact]
    public async Task A_closed_loop_opens_one_connection_per_user_before_its_first_wave_and_keeps_them()
    {
        // given a server that notes which connection each request came on
        var connections = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            connections.AddOrUpdate(context.Connection.Id, 1, (_, count) => count + 1);
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" token") + SseScript.FinishChunk() + SseScript.UsageChunk(12, 1) + SseScript.Done);
        });
        var options = new RunOptions
        {
            Endpoint = new EndpointOptions { BaseUrl = server.BaseUrl },
            Workload = new WorkloadOptions { InputTokens = "fixed:12", OutputTokens = "1" },
            Load = new LoadOptions { Concurrency = 16, NumRequests = 160 },
            OutputDirectory = _outputDir,
        };

        // when
        var result = await new LevelRunner(TimeProvider.System).RunAsync(options, new RunProgress(), TestContext.Current.CancellationToken);

        // then 15 connections were opened before the run, the pre-flight's was kept, and no request needed another
        Assert.Equal(160, result.Summary.Completed);
        Assert.Equal(new PreopenReport(15, 0, result.ClientHealth!.Connections!.Elapsed, result.ClientHealth.Connections.ConnectP99Ms, result.ClientHealth.Connections.ConnectMaxMs),
            result.ClientHealth.Connections);
        Assert.Equal(16, connections.Count);
        Assert.Equal(160 + 1, connections.Values.Sum()); // and the pre-flight
        Assert.Contains("\"preopened_connections\": {", File.ReadAllText(Path.Combine(_outputDir, SavedRun.SummaryFileName)));
    }

    [Fact]
    public async Task A_stopped_run_cancels_what_is_in_flight_after_the_grace_period_and_says_it_was_interrupted()
    {
        // given a server that never finishes a measured stream
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var streams = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            if (context.Request.ContentLength > 0 && !(await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted)).Contains("\"max_completion_tokens\":1,", StringComparison.Ordinal))
            {
                if (Interlocked.Increment(ref streams) == 3)
                {
                    allStarted.TrySetResult();
                }
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" x") + SseScript.FinishChunk() + SseScript.Done);
        });
        var options = new RunOptions
        {
            Endpoint = new EndpointOptions { BaseUrl = server.BaseUrl },
            Load = new LoadOptions { Concurrency = 3, NumRequests = 100 },
            OutputDirectory = _outputDir,
            StopGracePeriod = TimeSpan.FromMilliseconds(100),
        };
        using var stop = new CancellationTokenSource();

        // when
        var run = new LevelRunner(TimeProvider.System).RunAsync(options, new RunProgress(), stop.Token);
        await allStarted.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        // then
        Assert.True(result.Interrupted);
        Assert.Equal(3, result.Summary.Cancelled);
        Assert.Contains("\"interrupted\": true", File.ReadAllText(Path.Combine(_outputDir, SavedRun.SummaryFileName)));
        Assert.Equal(3, RecordReader.ReadFile(Path.Combine(_outputDir, SavedRun.RecordsFileName)).Records.Count);
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
