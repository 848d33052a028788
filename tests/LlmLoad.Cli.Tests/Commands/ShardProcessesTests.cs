using System.Diagnostics;
using System.Text.Json.Nodes;
using LlmLoad.Tests.Common;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// <c>run --processes 4</c> (four child llmload processes, one common start, then a merge) against a server of known
/// timing gives what one process gives for the same total load. Run alone: on two busy cores, other tests' processes
/// would show up as latency in one of the two runs and not the other.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class ShardProcessesTests : IDisposable
{
    private static readonly TimeSpan Ttft = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan TokenGap = TimeSpan.FromMilliseconds(40);
    private const int Tokens = 9;

    private readonly CliHarness _cli = new();

    /// <summary>The first token 300 ms after the request, then one token every 40 ms, paced against absolute deadlines: TTFT 300 ms, TPOT 40 ms (long enough that the client's own few ms on a busy machine stay within the bounds).</summary>
    private static Task<LoopbackServer> StartServerAsync() =>
        LoopbackServer.StartAsync(async context =>
        {
            var start = Stopwatch.GetTimestamp();
            await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            await SseScript.StartStreamAsync(context);
            for (var token = 0; token < Tokens; token++)
            {
                await SseScript.WaitUntilAsync(start, Ttft + token * TokenGap, context.RequestAborted);
                await SseScript.WriteAsync(context, SseScript.ChatChunk(" a"));
            }
            await SseScript.WriteAsync(context, SseScript.FinishChunk() + SseScript.UsageChunk(16, Tokens) + SseScript.Done);
        });

    private static string[] Load(LoopbackServer server, string outputDir, params string[] extra) =>
        ["run", "--base-url", server.BaseUrl.ToString(), "--concurrency", "8", "--num-requests", "64", "--warmup", "8", "--input-tokens", "fixed:16",
            "--output-tokens", $"{Tokens}", "--server-metrics", "off", "--no-report", "--output-dir", outputDir, .. extra];

    private static JsonNode Summary(string directory) => JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "summary.json")))!;

    private static double Number(JsonNode summary, string key) => summary[key]!.GetValue<double>();

    private static double Ratio(JsonNode sharded, JsonNode single, string key) => Number(sharded, key) / Number(single, key);

    [Fact]
    public async Task Four_processes_measure_what_one_process_measures_for_the_same_total_load()
    {
        // given
        await using var server = await StartServerAsync();
        var (singleExit, _, singleError) = await CliHarness.RunAsync(Load(server, _cli.PathOf("single")));
        Assert.True(singleExit == 0, singleError);

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync(Load(server, _cli.PathOf("sharded"), "--processes", "4"));

        // then the same requests and tokens, throughput within 3%, TTFT and TPOT within 2%
        Assert.True(exitCode == 0, error + output);
        var single = Summary(_cli.PathOf("single"));
        var sharded = Summary(_cli.PathOf("sharded"));
        Assert.Equal(64, Number(sharded, "completed"));
        Assert.Equal(Number(single, "total_output_tokens"), Number(sharded, "total_output_tokens"));
        Assert.Equal(Number(single, "total_input_tokens"), Number(sharded, "total_input_tokens"));
        var shards = File.ReadAllText(_cli.PathOf("sharded", "shards.md"));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", new[] { "request_throughput", "mean_ttft_ms", "median_ttft_ms", "mean_tpot_ms" }
            .Select(key => $"{key} {Ratio(sharded, single, key):0.0000}")));
        Assert.True(Ratio(sharded, single, "request_throughput") is > 0.97 and < 1.03, $"throughput {Ratio(sharded, single, "request_throughput")}\n{shards}");
        Assert.True(Ratio(sharded, single, "mean_ttft_ms") is > 0.98 and < 1.02, $"mean TTFT {Ratio(sharded, single, "mean_ttft_ms")}\n{shards}");
        Assert.True(Ratio(sharded, single, "median_ttft_ms") is > 0.98 and < 1.02, $"median TTFT {Ratio(sharded, single, "median_ttft_ms")}\n{shards}");
        Assert.True(Ratio(sharded, single, "mean_tpot_ms") is > 0.98 and < 1.02, $"mean TPOT {Ratio(sharded, single, "mean_tpot_ms")}\n{shards}");
        Assert.Equal(4, Directory.GetDirectories(_cli.PathOf("sharded", "shards")).Length);
        Assert.Contains("Merged 4 shards", output);
    }

    public void Dispose() => _cli.Dispose();
}
