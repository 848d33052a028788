using System.Diagnostics;
using System.Text.Json;
using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Running;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;
using LlmLoad.Core.Tests.Workload;

namespace LlmLoad.Core.Tests.Running;

/// <summary>
/// Replays examples/traces/mooncake_small.jsonl (200 requests over 4.3 s, written by us in Mooncake's format) against
/// a loopback server that logs when each request arrived, its prompt and its max_completion_tokens.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class TraceReplayTests : IDisposable
{
    /// <summary>
    /// The bound asserted on the p99 of |arrival offset - trace offset|. The aim is 2 ms; on the shared 2-core test
    /// machine (load average 45-75 while 8 sessions built) the p99 measured 23-58 ms at speed 1 and 25-156 ms at
    /// speed 4 over two runs (2026-12-02), with the client's own send lag p99 at 20-26 and 20-75 ms. So the bound is generous: it still catches a
    /// schedule that drifts, waits per request or ignores --trace-speed (the trace spans 4.3 s), and scheduled_at
    /// is checked exactly below. The figures are written to the test output on every run.
    /// </summary>
    private const double ArrivalP99BoundMs = 500;

    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-trace-{Guid.NewGuid():N}");

    private static string Fixture => TestFiles.Example("traces/mooncake_small.jsonl");

    [Theory]
    [InlineData(1.0)]
    [InlineData(4.0)]
    public async Task A_mooncake_replay_sends_each_request_at_its_trace_time_with_its_blocks_and_output_length(double speed)
    {
        // given
        await using var server = await ChatCaptureServer.StartAsync();
        var workload = new WorkloadOptions { Dataset = "mooncake:" + Fixture };
        var trace = File.ReadLines(Fixture).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToArray();
        var expected = WorkloadFactory.Build(workload, int.MaxValue, wholeTrace: true);
        var lineOfPrompt = expected.Items.Select((item, i) => (item.Prompt, i)).ToDictionary(p => p.Prompt, p => p.i);
        var options = new RunOptions
        {
            Endpoint = new EndpointOptions { BaseUrl = server.BaseUrl },
            Workload = workload,
            Load = new LoadOptions { ReplayTraceTimes = true, ReplayWholeTrace = true, TraceSpeed = speed },
            OutputDirectory = _outputDir,
        };

        // when
        var result = await new LevelRunner(TimeProvider.System).RunAsync(options, new RunProgress(), TestContext.Current.CancellationToken);

        // then every line went out once, as the trace's own request
        var captured = server.Requests.ToArray();
        Assert.Equal(trace.Length, captured.Length);
        Assert.Equal(trace.Length, result.Summary.Completed);
        var line = captured.Select(c => lineOfPrompt[c.Messages.Single().Content]).ToArray();
        Assert.Equal(trace.Length, line.Distinct().Count());

        // at its trace time over the speed, up to one constant shift (the server cannot see the run's start)
        var lateness = captured.Select((c, i) => Stopwatch.GetElapsedTime(captured[0].ArrivedAt, c.ArrivedAt).TotalMilliseconds
            - trace[line[i]].GetProperty("timestamp").GetDouble() / speed).Order().ToArray();
        var shift = lateness[lateness.Length / 2];
        var errors = lateness.Select(l => Math.Abs(l - shift)).Order().ToArray();
        var p99 = errors[(int)Math.Ceiling(0.99 * errors.Length) - 1];
        var lagP99 = result.Records.Select(r => r.SentAtMs - r.ScheduledAtMs).Order().ElementAt((int)Math.Ceiling(0.99 * trace.Length) - 1);
        TestContext.Current.TestOutputHelper?.WriteLine($"speed {speed}: arrival vs trace p50 {errors[errors.Length / 2]:0.00} ms, p99 {p99:0.00} ms, max {errors[^1]:0.00} ms; client send lag p99 {lagP99:0.00} ms");
        Assert.True(p99 <= ArrivalP99BoundMs, $"arrival offsets off the trace by {p99:0.00} ms at p99 (speed {speed})");
        // the record keeps the trace time as scheduled_at, so queue time and lag are measured as for any open loop
        var scheduled = result.Records.OrderBy(r => r.Index).Select(r => r.ScheduledAtMs - result.Records.Min(s => s.ScheduledAtMs)).ToArray();
        Assert.All(scheduled.Zip(expected.ArrivalOffsetsMs!), pair => Assert.Equal(pair.Second / speed, pair.First, 0.01));

        // with the trace's output length as max_tokens, and the same text exactly where the hash ids are the same
        Assert.All(captured, (c, i) => Assert.Equal(trace[line[i]].GetProperty("output_length").GetInt32(), c.MaxTokens));
        AssertBlocksFollowHashIds(captured.Select((c, i) => (Ids(trace[line[i]]), c.Messages.Single().Content)).ToArray(), expected);
    }

    [Fact]
    public async Task A_closed_loop_replay_keeps_the_traces_lengths_in_order_but_not_its_times()
    {
        // given
        await using var server = await ChatCaptureServer.StartAsync();
        var trace = File.ReadLines(Fixture).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToArray();
        var options = new RunOptions
        {
            Endpoint = new EndpointOptions { BaseUrl = server.BaseUrl },
            Workload = new WorkloadOptions { Dataset = "mooncake:" + Fixture },
            Load = new LoadOptions { Concurrency = 4, NumRequests = 20 },
            OutputDirectory = _outputDir,
        };

        // when
        var result = await new LevelRunner(TimeProvider.System).RunAsync(options, new RunProgress(), TestContext.Current.CancellationToken);

        // then
        var records = result.Records.OrderBy(r => r.Index).ToArray();
        Assert.Equal(trace.Take(20).Select(t => t.GetProperty("input_length").GetInt32()), records.Select(r => r.PromptTokens));
        Assert.Equal(trace.Take(20).Select(t => (int?)t.GetProperty("output_length").GetInt32()), records.Select(r => r.MaxTokens));
        Assert.Equal(4, result.Summary.PeakConcurrency);
    }

    private static int[] Ids(JsonElement line) => [.. line.GetProperty("hash_ids").EnumerateArray().Select(id => id.GetInt32())];

    /// <summary>
    /// For every pair of prompts and every block position both have: equal ids give equal tokens there, different ids
    /// different tokens (the last, partial, block compared over the shorter length).
    /// </summary>
    private static void AssertBlocksFollowHashIds((int[] Ids, string Prompt)[] requests, PromptWorkload workload)
    {
        const int block = TracePromptBuilder.BlockTokens;
        var tokens = requests.Select(r => workload.Tokenizer.EncodeToIds(r.Prompt).ToArray()).ToArray();
        var same = 0;
        for (var a = 0; a < requests.Length; a++)
        {
            for (var b = a + 1; b < requests.Length; b++)
            {
                for (var k = 0; k < Math.Min(requests[a].Ids.Length, requests[b].Ids.Length); k++)
                {
                    var length = Math.Min(Math.Min(tokens[a].Length, tokens[b].Length) - k * block, block);
                    var equal = tokens[a].AsSpan(k * block, length).SequenceEqual(tokens[b].AsSpan(k * block, length));
                    Assert.True(equal == (requests[a].Ids[k] == requests[b].Ids[k]), $"block {k} of two prompts: ids {requests[a].Ids[k]} and {requests[b].Ids[k]}, tokens {(equal ? "equal" : "different")}");
                    same += equal ? 1 : 0;
                }
            }
        }
        // the fixture shares its system-prompt blocks widely: the check above compared many equal blocks, not none
        Assert.True(same > 1000, $"only {same} shared blocks compared");
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
