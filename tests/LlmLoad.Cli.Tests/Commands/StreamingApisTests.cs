using System.Text.Json.Nodes;
using LlmLoad.Cli.Tests.Support;
using LlmLoad.Simulator.Http;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// The same load over chat, the Responses API and the Messages API against one embedded simulator, in process: the three
/// streams carry the same engine timing, so llmload must measure the same TTFT and TPOT, and the same token counts, whichever
/// API it speaks.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class StreamingApisTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private static double Field(JsonNode summary, string key) => summary[key]!.GetValue<double>();

    [Fact]
    public async Task Chat_responses_and_messages_measure_the_same_ttft_tpot_and_tokens_against_the_simulator()
    {
        // given one simulator with a real model's timing
        await using var simulator = await SimulatorServer.StartAsync(
            new SimulatorServerOptions { Profile = ProfileCatalog.Get("gpt-oss-20b"), Port = 0 }, TestContext.Current.CancellationToken);

        // when the same closed-loop load runs over each API
        var summaries = new Dictionary<string, JsonNode>();
        foreach (var api in new[] { "chat", "responses", "messages" })
        {
            var outputDir = _cli.PathOf(api);
            var run = await CliRun.InvokeAsync(["run", "--base-url", simulator.BaseUrl.ToString(), "--api", api, "--ignore-eos",
                "--input-tokens", "fixed:300", "--output-tokens", "32", "--concurrency", "4", "--num-requests", "24", "--output-dir", outputDir]);
            Assert.True(run.ExitCode == 0, $"{api}: {run.Error}");
            summaries[api] = JsonNode.Parse(File.ReadAllText(Path.Combine(outputDir, "summary.json")))!;
        }

        // then every request completed with the same token counts, and TTFT and TPOT agree with chat's within a generous ratio
        var chat = summaries["chat"];
        foreach (var (api, summary) in summaries)
        {
            Assert.Equal(24, Field(summary, "completed"));
            Assert.Equal(24 * 32, Field(summary, "total_output_tokens"));
            Assert.Equal(Field(chat, "total_input_tokens"), Field(summary, "total_input_tokens"));
            foreach (var key in new[] { "mean_ttft_ms", "mean_tpot_ms" })
            {
                var ratio = Field(summary, key) / Field(chat, key);
                Assert.True(ratio is > 0.6 and < 1.67, $"{api} {key} {Field(summary, key):0.0} vs chat {Field(chat, key):0.0} (ratio {ratio:0.00})");
            }
        }
    }

    [Theory]
    [InlineData("responses")]
    [InlineData("messages")]
    public async Task The_typed_apis_refuse_no_stream_before_anything_is_sent(string api)
    {
        var run = await CliRun.InvokeAsync(["run", "--base-url", "http://127.0.0.1:9", "--api", api, "--no-stream", "--num-requests", "1"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--api {api} is measured streamed only; leave out --no-stream (or use --api chat).", run.Error);
    }
}
