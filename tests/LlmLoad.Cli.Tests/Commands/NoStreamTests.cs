using System.Text.Json;
using LlmLoad.Cli.Tests.Support;
using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// <c>--no-stream</c>: the answer arrives whole, so E2EL and throughput are measured and TTFT, TPOT and ITL are not
/// (issue 17: they were shown as TTFT = E2EL and TPOT = 0, and SLOs passed on them).
/// </summary>
public sealed class NoStreamTests : IDisposable
{
    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-nostream-{Guid.NewGuid():N}");

    /// <summary>A server that answers every completion with one JSON body of three tokens.</summary>
    private static Task<LoopbackServer> StartJsonServerAsync() => LoopbackServer.StartAsync(async context =>
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\" a b c\"},\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3}}",
            context.RequestAborted);
    });

    [Fact]
    public async Task Without_streaming_ttft_tpot_and_itl_are_null_in_the_summary_and_n_a_on_the_console()
    {
        // given
        await using var server = await StartJsonServerAsync();

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--no-stream", "--concurrency", "2",
            "--num-requests", "6", "--output-dir", _outputDir);

        // then E2EL and throughput are there, the stream-only metrics are absent
        Assert.True(run.ExitCode == 0, run.Error);
        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_outputDir, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal(6, root.GetProperty("completed").GetInt32());
        Assert.True(root.GetProperty("mean_e2el_ms").GetDouble() > 0);
        Assert.True(root.GetProperty("request_throughput").GetDouble() > 0);
        foreach (var key in new[] { "mean_ttft_ms", "p99_ttft_ms", "mean_tpot_ms", "median_tpot_ms", "mean_itl_ms", "p99_itl_ms", "output_throughput_per_user" })
        {
            Assert.True(root.GetProperty(key).ValueKind == JsonValueKind.Null, $"{key} is {root.GetProperty(key)}");
        }
        Assert.Matches(@"Mean TTFT \(ms\):\s+n/a", run.Out);
        Assert.Matches(@"Mean TPOT \(ms\):\s+n/a", run.Out);
        Assert.Matches(@"Mean ITL \(ms\):\s+n/a", run.Out);
    }

    [Fact]
    public async Task A_streaming_run_answered_with_whole_json_bodies_stops_at_the_pre_flight_and_names_no_stream()
    {
        // given a server that ignores "stream": true
        await using var server = await StartJsonServerAsync();

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--num-requests", "6", "--output-dir", _outputDir);

        // then no request counts as a streamed success with TPOT 0
        Assert.Equal(ExitCodes.EndpointUnusable, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains("does not stream: asked for a stream, got a whole application/json response", line);
        Assert.EndsWith("Pass --no-stream to measure E2EL and throughput only.", line);
    }

    [Theory]
    [InlineData("tpot_mean<=0.5", "mean_tpot_ms<=0.5")]
    [InlineData("e2el_p99<=9000,ttft_p99<=2000,itl_p90<=50", "p99_ttft_ms<=2000,p90_itl_ms<=50")]
    public async Task Slo_terms_on_ttft_tpot_or_itl_are_refused_with_no_stream(string slo, string refused)
    {
        // when
        var run = await CliRun.InvokeAsync("sweep", "--base-url", "http://127.0.0.1:9", "--no-stream", "--concurrency", "1,2",
            "--slo", slo, "--output-dir", _outputDir);

        // then one line names the terms, the reason and the fix, and nothing was sent
        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Equal($"error: --slo \"{refused}\": TTFT, TPOT and ITL are not measured with --no-stream (the answer arrives whole); drop these terms or leave out --no-stream.", line);
        Assert.False(Directory.Exists(_outputDir));
    }

    [Fact]
    public async Task Slo_terms_on_e2el_and_success_rate_are_accepted_with_no_stream()
    {
        // given
        await using var server = await StartJsonServerAsync();

        // when
        var run = await CliRun.InvokeAsync("sweep", "--base-url", server.BaseUrl.ToString(), "--no-stream", "--concurrency", "1",
            "--requests-per-level", "2", "--slo", "e2el_p99<=60000,success_rate>=99%", "--output-dir", _outputDir);

        // then
        Assert.True(run.ExitCode == 0, run.Error);
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
