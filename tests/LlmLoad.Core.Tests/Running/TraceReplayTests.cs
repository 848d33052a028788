using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Running;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;
using LlmLoad.Core.Tests.Workload;
using LlmLoad.Tests.Common;

namespace LlmLoad.Core.Tests.Running;

/// <summary>
/// Replays examples/traces/mooncake_small.jsonl (200 requests over 4.3 s) and azure_small.csv (200 over 15 s), written
/// by us in the published formats, against a loopback server that stamps when each request's first byte arrived and
/// keeps its prompt and max_completion_tokens.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class TraceReplayTests : IDisposable
{
    /// <summary>
    /// The bound on the p99 of |arrival offset - trace offset|. The CLI alone on the machine is held closer
    /// (LlmLoad.Cli.Tests' TraceArrivalTests); this test runs beside the other test projects on 2 cores (load
    /// average 25-75), where the client's own schedule lag alone reached 20-75 ms at p99 (2026-12-02). So the bound is
    /// generous: it still catches a schedule that drifts, waits per request or ignores --trace-speed (the traces span
    /// 4.3 and 15 s). scheduled_at is checked to be the trace time exactly, and the records' sent_at against the arrivals.
    /// </summary>
    private const double ArrivalP99BoundMs = 500;

    /// <summary>
    /// The bound on the p99 of |arrival offset - sent_at offset|: a record that says a request was sent on time when it
    /// reached the server late would hide the lateness from queue time and schedule lag. Only the hop from the client's
    /// stamp through loopback to this in-process server is in it, but on the same busy cores: 28-50 ms at p99 at load
    /// average 26 (2026-12-02, Debug build).
    /// </summary>
    private const double SentVersusArrivalP99BoundMs = 150;

    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-trace-{Guid.NewGuid():N}");

    private static string Mooncake => TestFiles.Example("traces/mooncake_small.jsonl");

    [Theory]
    [InlineData("mooncake", 1.0)]
    [InlineData("mooncake", 4.0)]
    [InlineData("azure", 1.0)]
    [InlineData("azure", 4.0)]
    public async Task A_replay_sends_each_request_at_its_trace_time_with_its_output_length_and_blocks(string format, double speed)
    {
        // given
        var trace = format == "mooncake" ? MooncakeLines() : AzureLines();
        var workload = new WorkloadOptions { Dataset = format == "mooncake" ? "mooncake:" + Mooncake : "azure:" + TestFiles.Example("traces/azure_small.csv") };
        var expected = WorkloadFactory.Build(workload, int.MaxValue, wholeTrace: true);
        var lineOfPrompt = expected.Items.Select((item, i) => (item.Prompt, i)).ToDictionary(p => p.Prompt, p => p.i);
        // bodies are parsed after the run: parsing 200 prompts of up to 40 KB as they came took the client's cores
        var arrivals = new ConcurrentQueue<(long ArrivedAt, byte[] Body)>();
        using var server = StampingHttpServer.Start((head, body, arrivedAt) =>
        {
            if (head.StartsWith("POST /v1/chat/completions", StringComparison.Ordinal))
            {
                arrivals.Enqueue((arrivedAt, body));
                return StampingHttpServer.OneTokenChatStream("test-model");
            }
            return head.StartsWith("GET /v1/models", StringComparison.Ordinal)
                ? StampingHttpServer.ModelList("test-model")
                : new StampingHttpServer.Reply(404, "application/json", "{}"u8.ToArray());
        });
        var options = new RunOptions
        {
            Endpoint = new EndpointOptions { BaseUrl = server.BaseUrl },
            Workload = workload,
            Load = new LoadOptions { ReplayTraceTimes = true, ReplayWholeTrace = true, TraceSpeed = speed },
            OutputDirectory = _outputDir,
        };

        // when: the server shares this process and heap, so a collection would stop it with the client (arrivals off by
        // 5-16 ms at p99 here, against 1-2 ms for the CLI in its own process)
        RunResult result;
        using (NoGCRegion.Enter())
        {
            result = await new LevelRunner(TimeProvider.System).RunAsync(options, new RunProgress(), TestContext.Current.CancellationToken);
        }

        // then every line went out once, as the trace's own request, after the pre-flight
        var captured = arrivals.Skip(1).Select(c => (c.ArrivedAt, Body: JsonDocument.Parse(c.Body).RootElement)).ToArray();
        Assert.Equal(trace.Length, captured.Length);
        Assert.Equal(trace.Length, result.Summary.Completed);
        var prompts = captured.Select(c => c.Body.GetProperty("messages")[0].GetProperty("content").GetString()!).ToArray();
        var line = prompts.Select(prompt => lineOfPrompt[prompt]).ToArray();
        Assert.Equal(trace.Length, line.Distinct().Count());

        // at its trace time over the speed, and when its record says it was sent, up to one constant shift each (the
        // server cannot see the run's start, nor the client's clock)
        var records = result.Records.OrderBy(r => r.Index).ToArray();
        var arrivedMs = captured.Select(c => Stopwatch.GetElapsedTime(captured[0].ArrivedAt, c.ArrivedAt).TotalMilliseconds).ToArray();
        var traceError = OffAroundMedian(arrivedMs.Select((arrived, i) => arrived - trace[line[i]].TimestampMs / speed));
        var sentError = OffAroundMedian(arrivedMs.Select((arrived, i) => arrived - records[line[i]].SentAtMs));
        var lagP99 = P99(records.Select(r => r.SentAtMs - r.ScheduledAtMs));
        TestContext.Current.TestOutputHelper?.WriteLine($"{format} speed {speed}: arrival vs trace p50 {traceError[traceError.Length / 2]:0.000} ms, p99 {P99(traceError):0.000} ms, max {traceError[^1]:0.000} ms; "
            + $"arrival vs sent_at p99 {P99(sentError):0.000} ms, max {sentError[^1]:0.000} ms; client schedule lag p99 {lagP99:0.000} ms");
        Assert.True(P99(traceError) <= ArrivalP99BoundMs, $"arrival offsets off the trace by {P99(traceError):0.000} ms at p99 ({format}, speed {speed})");
        Assert.True(P99(sentError) <= SentVersusArrivalP99BoundMs, $"arrival offsets off the records' sent_at by {P99(sentError):0.000} ms at p99 ({format}, speed {speed})");
        // the record keeps the trace time as scheduled_at exactly, so queue time and lag are measured as for any open loop
        var scheduled = records.Select(r => r.ScheduledAtMs - records[0].ScheduledAtMs).ToArray();
        Assert.All(scheduled.Zip(trace), pair => Assert.Equal(pair.Second.TimestampMs / speed, pair.First, 1e-6));

        // with the trace's output length as max_tokens, and (Mooncake) the same text exactly where the hash ids are the same
        Assert.All(captured, (c, i) => Assert.Equal(trace[line[i]].OutputLength, c.Body.GetProperty("max_completion_tokens").GetInt32()));
        if (format == "mooncake")
        {
            AssertBlocksFollowHashIds(prompts.Select((prompt, i) => (trace[line[i]].HashIds!, prompt)).ToArray(), expected);
        }
    }

    [Fact]
    public async Task An_open_loop_opens_a_connection_for_each_request_due_in_its_first_second_before_it_starts()
    {
        // given the Mooncake trace at 4x, whose first second holds most of its requests, some due together
        const double speed = 4;
        var dueInFirstSecond = MooncakeLines().Count(line => line.TimestampMs / speed < 1000);
        using var server = StampingHttpServer.Start((head, body, arrivedAt) => head.StartsWith("POST", StringComparison.Ordinal)
            ? StampingHttpServer.OneTokenChatStream("test-model")
            : StampingHttpServer.ModelList("test-model"));
        var options = new RunOptions
        {
            Endpoint = new EndpointOptions { BaseUrl = server.BaseUrl },
            Workload = new WorkloadOptions { Dataset = "mooncake:" + Mooncake },
            Load = new LoadOptions { ReplayTraceTimes = true, ReplayWholeTrace = true, TraceSpeed = speed },
            OutputDirectory = _outputDir,
        };

        // when
        var result = await new LevelRunner(TimeProvider.System).RunAsync(options, new RunProgress(), TestContext.Current.CancellationToken);

        // then one connection for each request due in the first second, less the pre-flight's, was opened before the
        // start, and the server accepted them all
        Assert.True(dueInFirstSecond > 100, $"only {dueInFirstSecond} requests in the first second");
        Assert.Equal(dueInFirstSecond - 1, result.ClientHealth!.Connections!.Opened);
        Assert.Equal(0, result.ClientHealth.Connections.Failed);
        Assert.True(server.Connections >= dueInFirstSecond, $"the server accepted {server.Connections} connections");
        Assert.Equal(MooncakeLines().Length, result.Summary.Completed);
    }

    [Fact]
    public async Task A_closed_loop_replay_keeps_the_traces_lengths_in_order_but_not_its_times()
    {
        // given
        await using var server = await ChatCaptureServer.StartAsync();
        var trace = MooncakeLines();
        var options = new RunOptions
        {
            Endpoint = new EndpointOptions { BaseUrl = server.BaseUrl },
            Workload = new WorkloadOptions { Dataset = "mooncake:" + Mooncake },
            Load = new LoadOptions { Concurrency = 4, NumRequests = 20 },
            OutputDirectory = _outputDir,
        };

        // when
        var result = await new LevelRunner(TimeProvider.System).RunAsync(options, new RunProgress(), TestContext.Current.CancellationToken);

        // then
        var records = result.Records.OrderBy(r => r.Index).ToArray();
        Assert.Equal(trace.Take(20).Select(t => t.InputLength), records.Select(r => r.PromptTokens));
        Assert.Equal(trace.Take(20).Select(t => (int?)t.OutputLength), records.Select(r => r.MaxTokens));
        Assert.Equal(4, result.Summary.PeakConcurrency);
    }

    /// <summary>|value - median|, sorted: the error of offsets measured from an unknown origin.</summary>
    private static double[] OffAroundMedian(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var median = sorted[sorted.Length / 2];
        return [.. sorted.Select(value => Math.Abs(value - median)).Order()];
    }

    private static double P99(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Ceiling(0.99 * sorted.Length) - 1];
    }

    /// <summary>One line of a trace fixture, read here on its own, not through llmload's readers.</summary>
    private sealed record TraceLine(double TimestampMs, int InputLength, int OutputLength, int[]? HashIds);

    private static TraceLine[] MooncakeLines() => [.. File.ReadLines(Mooncake).Select(text => JsonDocument.Parse(text).RootElement).Select(line => new TraceLine(
        line.GetProperty("timestamp").GetDouble(), line.GetProperty("input_length").GetInt32(), line.GetProperty("output_length").GetInt32(),
        [.. line.GetProperty("hash_ids").EnumerateArray().Select(id => id.GetInt32())]))];

    /// <summary>The Azure CSV's rows, their times in ms from the first row's (the fixture is in time order).</summary>
    private static TraceLine[] AzureLines()
    {
        var rows = File.ReadLines(TestFiles.Example("traces/azure_small.csv")).Skip(1).Select(text => text.Split(',')).ToArray();
        var first = DateTime.Parse(rows[0][0], CultureInfo.InvariantCulture);
        return [.. rows.Select(row => new TraceLine((DateTime.Parse(row[0], CultureInfo.InvariantCulture) - first).TotalMilliseconds,
            int.Parse(row[1], CultureInfo.InvariantCulture), int.Parse(row[2], CultureInfo.InvariantCulture), null))];
    }

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
