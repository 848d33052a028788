using System.Text.Json;
using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Running;
using LlmLoad.Core.Telemetry;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;
using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Core.Tests.Telemetry;

/// <summary>Runs against a loopback server whose <c>/metrics</c> misbehaves: the load never notices.</summary>
public sealed class ServerMetricsRunTests : IDisposable
{
    private const int Requests = 20;
    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-scrape-{Guid.NewGuid():N}");

    private static Task<LoopbackServer> StartServerAsync(RequestDelegate metrics) => LoopbackServer.StartAsync(async context =>
    {
        if (context.Request.Path == "/metrics")
        {
            await metrics(context);
            return;
        }
        await SseScript.StartStreamAsync(context);
        await SseScript.WriteAsync(context, SseScript.ChatChunk(" a"));
        await SseScript.WriteAsync(context, SseScript.ChatChunk(" b"));
        await SseScript.WriteAsync(context, SseScript.FinishChunk() + SseScript.UsageChunk(4, 2) + SseScript.Done);
    }, metricsPage: true);

    private RunOptions Options(Uri baseUrl, ServerMetricsOptions metrics) => new()
    {
        Endpoint = new EndpointOptions { BaseUrl = baseUrl },
        Workload = new WorkloadOptions { InputTokens = "fixed:4", OutputTokens = "2" },
        Load = new LoadOptions { Concurrency = 2, NumRequests = Requests },
        OutputDirectory = _outputDir,
        ServerMetrics = metrics,
    };

    public static TheoryData<string> Failures => ["500", "hang", "garbage"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failing_metrics_page_leaves_every_request_record_and_a_note_in_the_summary(string failure)
    {
        // given
        await using var server = await StartServerAsync(async context =>
        {
            switch (failure)
            {
                case "500":
                    context.Response.StatusCode = 500;
                    break;
                case "hang":
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    break;
                default:
                    await context.Response.WriteAsync("<html>{{{ not metrics }}}</html>\n\0\0");
                    break;
            }
        });
        var url = new Uri(server.BaseUrl, "/metrics");
        var options = Options(server.BaseUrl, new ServerMetricsOptions { Urls = [url], ScrapeInterval = TimeSpan.FromMilliseconds(100) });

        // when
        var result = await new LevelRunner(TimeProvider.System).RunAsync(options, new RunProgress(), TestContext.Current.CancellationToken);

        // then
        Assert.Equal(Requests, result.Summary.Completed);
        Assert.Equal(Requests, RecordReader.ReadFile(Path.Combine(_outputDir, SavedRun.RecordsFileName)).Records.Count);
        var block = Assert.Single(result.Server!);
        Assert.Equal(block.Scrapes, block.FailedScrapes);
        Assert.Contains(block.Notes, n => n.Contains("no scrape of", StringComparison.Ordinal));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_outputDir, SavedRun.SummaryFileName)));
        var notes = summary.RootElement.GetProperty("server")[0].GetProperty("notes");
        Assert.Contains(notes.EnumerateArray(), n => n.GetString()!.Contains("failed and were skipped", StringComparison.Ordinal));
        var lines = File.ReadAllLines(Path.Combine(_outputDir, ServerMetricsJsonl.FileName));
        Assert.Equal(block.Scrapes, lines.Length);
        Assert.All(lines, line => Assert.Contains("\"error\":", line));
    }

    [Fact]
    public async Task By_default_the_endpoints_own_metrics_page_is_scraped_when_it_answers()
    {
        // given
        await using var server = await StartServerAsync(context => context.Response.WriteAsync(
            "# TYPE vllm:num_requests_running gauge\nvllm:num_requests_running{model_name=\"m\"} 2\nvllm:num_requests_waiting{model_name=\"m\"} 0\n"));

        // when
        var result = await new LevelRunner(TimeProvider.System).RunAsync(
            Options(server.BaseUrl, new ServerMetricsOptions { ScrapeInterval = TimeSpan.FromMilliseconds(50) }), new RunProgress(), TestContext.Current.CancellationToken);

        // then
        var block = Assert.Single(result.Server!);
        Assert.Equal("vllm", block.Engine);
        Assert.Equal(new Uri(server.BaseUrl, "/metrics"), block.Url);
        Assert.Equal(0, block.FailedScrapes);
        Assert.Contains("\"engine\":\"vllm\"", File.ReadAllText(Path.Combine(_outputDir, ServerMetricsJsonl.FileName)));
    }

    [Fact]
    public async Task By_default_a_metrics_page_slow_over_its_first_answer_is_still_scraped()
    {
        // given a page that takes 1.5 s over its first answer (a cold server), longer than a 100 ms interval's 1 s timeout
        var first = 0;
        await using var server = await StartServerAsync(async context =>
        {
            if (Interlocked.Exchange(ref first, 1) == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1.5), context.RequestAborted);
            }
            await context.Response.WriteAsync("vllm:num_requests_running{model_name=\"m\"} 2\nvllm:num_requests_waiting{model_name=\"m\"} 0\n");
        });

        // when
        var result = await new LevelRunner(TimeProvider.System).RunAsync(
            Options(server.BaseUrl, new ServerMetricsOptions { ScrapeInterval = TimeSpan.FromMilliseconds(100) }), new RunProgress(), TestContext.Current.CancellationToken);

        // then
        var block = Assert.Single(result.Server!);
        Assert.Equal("vllm", block.Engine);
    }

    [Fact]
    public async Task By_default_an_endpoint_without_a_metrics_page_is_silently_not_scraped()
    {
        // given
        await using var server = await StartServerAsync(context =>
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        });

        // when
        var result = await new LevelRunner(TimeProvider.System).RunAsync(Options(server.BaseUrl, new ServerMetricsOptions()), new RunProgress(), TestContext.Current.CancellationToken);

        // then
        Assert.Empty(result.Server!);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("metrics", StringComparison.Ordinal)); // client-health warnings may appear on a busy machine
        Assert.False(File.Exists(Path.Combine(_outputDir, ServerMetricsJsonl.FileName)));
        Assert.DoesNotContain("\"server\"", File.ReadAllText(Path.Combine(_outputDir, SavedRun.SummaryFileName)));
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
