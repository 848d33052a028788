using System.Diagnostics;
using System.Text.Json.Nodes;
using LlmLoad.Cli.Commands;
using LlmLoad.Core.Reporting;
using LlmLoad.Cli.Tests.Support;
using LlmLoad.Tests.Common;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// <c>run --ramp</c> through the CLI: the turn point in summary.json, the console and the report. Run alone: the turn is
/// read from TTFT against a server of known capacity, and other tests' CPU use early in the ramp moved it to 0 s (load 40).
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class RampCommandTests : IDisposable
{
    private const int Slots = 4;
    private const int ServiceMs = 100;

    private readonly CliHarness _cli = new();

    /// <summary>
    /// A server of known capacity, <see cref="Slots"/> / <see cref="ServiceMs"/> ms = 40 req/s: a request waits for one of
    /// the slots, holds it for the service time, and its only token comes at the end. Below capacity TTFT is the service
    /// time; above it the queue, and TTFT, grow without bound.
    /// </summary>
    private static Task<LoopbackServer> StartSlottedServerAsync()
    {
        var slots = new SemaphoreSlim(Slots, Slots);
        return LoopbackServer.StartAsync(async context =>
        {
            await slots.WaitAsync(context.RequestAborted);
            try
            {
                var start = Stopwatch.GetTimestamp();
                await SseScript.StartStreamAsync(context);
                await SseScript.WaitUntilAsync(start, TimeSpan.FromMilliseconds(ServiceMs), context.RequestAborted);
                await SseScript.WriteAsync(context, SseScript.ChatChunk(" a") + SseScript.FinishChunk() + SseScript.UsageChunk(4, 1) + SseScript.Done);
            }
            finally
            {
                slots.Release();
            }
        });
    }

    [Fact]
    public async Task A_rate_ramp_finds_the_turn_near_the_servers_capacity()
    {
        // given a ramp from 0 to 80 req/s over 16 s against 40 req/s of capacity: the offered rate crosses it at 8 s
        await using var server = await StartSlottedServerAsync();
        var output = _cli.PathOf("ramp");

        // when
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--ramp", "linear:0..80:16s",
            "--arrival", "constant", "--output-tokens", "1", "--output-dir", output);

        // then TTFT turns where the queue starts to grow: offered load near 40 req/s (generous: 2 busy cores)
        Assert.True(run.ExitCode == 0, run.Error);
        var summary = JsonNode.Parse(File.ReadAllBytes(Path.Combine(output, "summary.json")))!;
        var turn = summary["ramp_turn_point"];
        Assert.NotNull(turn);
        Assert.Equal("ttft", turn["reason"]!.GetValue<string>());
        var offered = turn["offered_load"]!.GetValue<double>();
        Assert.InRange(offered, 0.6 * 40, 1.6 * 40);
        Assert.InRange(turn["time_s"]!.GetValue<double>(), 4, 14);
        Assert.InRange(turn["ttft_floor_ms"]!.GetValue<double>(), ServiceMs, 3 * ServiceMs);

        // and the series carries the offered load, rising with the ramp (about 640 sends in all)
        var load = summary["time_series"]!["offered"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.InRange(load.Sum(), 600, 680);
        Assert.True(load.Take(4).Average() < load.Skip(12).Take(4).Average(), string.Join(", ", load));

        // and the console says where it turned
        Assert.Contains("Ramp linear:0..80:16s: TTFT turns at", run.Out);

        // and the run read back from its directory (`report`, `compare`) finds the same turn from its records
        var saved = SavedRun.Load(output);
        Assert.True(saved.FromRecords);
        Assert.Equal(turn["time_s"]!.GetValue<double>(), saved.Summary.RampTurnPoint?.TimeSeconds);
        Assert.Equal(offered, saved.Summary.RampTurnPoint?.OfferedLoad);
    }

    [Theory]
    [InlineData(new[] { "--ramp", "linear:0..200" }, "--ramp \"linear:0..200\" must be linear:START..END:DURATION (requests per second, e.g. linear:0..200:60s) or users:linear:START..END:DURATION.")]
    [InlineData(new[] { "--ramp", "linear:0..200:60s", "--rate", "5" }, "--ramp sets the load and the run's length itself; drop --rate.")]
    [InlineData(new[] { "--ramp", "users:linear:1..8:10s", "--duration", "5s" }, "--ramp sets the load and the run's length itself; drop --duration.")]
    public async Task A_bad_ramp_is_refused_in_one_line(string[] flags, string expected)
    {
        var run = await CliRun.InvokeAsync(["run", "--base-url", "http://127.0.0.1:1", "--output-dir", _cli.PathOf("bad"), .. flags]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(["error: " + expected], run.ErrorLines);
    }

    public void Dispose() => _cli.Dispose();
}
