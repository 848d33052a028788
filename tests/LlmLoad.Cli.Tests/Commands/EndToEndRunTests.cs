using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// <c>run</c> and <c>sweep</c> end to end against a real loopback server, for the load shapes that stop on a clock
/// (<c>--duration</c>, <c>--level-duration</c>) or follow a schedule (<c>--rate</c>), and for what <c>report</c>
/// rebuilds from the records: the counts, the window, the queue times and the scheduled times must be the ones the
/// records hold.
/// </summary>
public sealed class EndToEndRunTests : IDisposable
{
    private readonly CliHarness _cli = new();

    /// <summary>
    /// Every measured request streams " hello world" (two tokens in one event), " a" and " b", then reports 6 output
    /// tokens (our tokenizer counts 4), or for every seventh one from the third, answers 503; the pre-flight always
    /// streams. Each body is kept, pre-flight excluded.
    /// </summary>
    private static Task<LoopbackServer> StartServerAsync(ConcurrentQueue<string> bodies, bool withFailures = false)
    {
        var measured = 0;
        return LoopbackServer.StartAsync(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            var isPreflight = body.Contains("\"max_completion_tokens\":1,", StringComparison.Ordinal);
            if (!isPreflight)
            {
                bodies.Enqueue(body);
                if (withFailures && Interlocked.Increment(ref measured) % 7 == 3)
                {
                    context.Response.StatusCode = 503;
                    await context.Response.WriteAsync("{\"error\":{\"message\":\"overloaded\"}}", context.RequestAborted);
                    return;
                }
            }
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" hello world"));
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" a"));
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" b") + SseScript.FinishChunk() + SseScript.UsageChunk(12, 6) + SseScript.Done);
        });
    }

    private static IReadOnlyList<RequestRecord> Records(string directory) =>
        RecordReader.ReadFile(Path.Combine(directory, "requests.jsonl")).Records;

    private static JsonObject Summary(string directory) =>
        (JsonObject)JsonNode.Parse(File.ReadAllBytes(Path.Combine(directory, "summary.json")))!;

    private static double Number(JsonObject json, string key) => json[key]!.GetValue<double>();

    [Fact]
    public async Task Report_rebuilds_from_the_records_the_summary_the_run_wrote_field_by_field()
    {
        // given a run with successes, 503s and usage counts that differ from the tokenizer's
        var bodies = new ConcurrentQueue<string>();
        await using var server = await StartServerAsync(bodies, withFailures: true);
        var dir = _cli.PathOf("run");
        var run = await CliHarness.RunAsync("run", "--base-url", server.BaseUrl.ToString(), "--concurrency", "4",
            "--num-requests", "30", "--warmup", "2", "--output-dir", dir);
        Assert.True(run.ExitCode == 0, run.Error);
        var written = Summary(dir);

        // when the summary is rebuilt from requests.jsonl, as report and compare do
        var saved = SavedRun.Load(dir);
        using var stream = new MemoryStream();
        SummaryJsonWriter.Write(stream, saved.Summary, configuration: null, "test", DateTimeOffset.UnixEpoch);
        var rebuilt = (JsonObject)JsonNode.Parse(stream.ToArray())!;
        var report = await CliHarness.RunAsync("report", dir);

        // then every figure derived from the records is the one the run wrote (the run's own facts are not in the records)
        Assert.True(saved.FromRecords);
        Assert.True(Number(written, "failed") > 0, "the server should have failed some requests");
        Assert.True(Number(written, "token_count_mismatched") > 0, "usage and tokenizer counts should differ");
        string[] runFacts = ["tool", "tool_version", "started_at", "interrupted", "config", "client_health"];
        var keys = written.Select(pair => pair.Key).Union(rebuilt.Select(pair => pair.Key)).Except(runFacts).ToList();
        Assert.True(keys.Count > 80, $"only {keys.Count} keys compared");
        var differing = keys.Where(key => !SameFigure(written[key], rebuilt[key]))
            .Select(key => $"{key}: run {written[key]?.ToJsonString()} vs rebuilt {rebuilt[key]?.ToJsonString()}")
            .ToList();
        Assert.True(differing.Count == 0, string.Join("\n", differing));
        Assert.True(report.ExitCode == 0, report.Error);
        Assert.Equal(ResultBlock(run.Out), ResultBlock(report.Out));
    }

    /// <summary>
    /// Equal JSON, except that numbers may differ in their last bits: a mean summed in the order requests finished
    /// and in index order rounds differently (978726.2628544304 vs ...305 seen).
    /// </summary>
    private static bool SameFigure(JsonNode? written, JsonNode? rebuilt) =>
        written is JsonValue a && rebuilt is JsonValue b && a.TryGetValue(out double x) && b.TryGetValue(out double y)
            ? Math.Abs(x - y) <= 1e-12 * Math.Max(Math.Abs(x), Math.Abs(y))
            : JsonNode.DeepEquals(written, rebuilt);

    /// <summary>The "Serving Benchmark Result" block of a command's output.</summary>
    private static string ResultBlock(string output)
    {
        var start = output.IndexOf("=== Serving Benchmark Result", StringComparison.Ordinal);
        Assert.True(start >= 0, output);
        var lineStart = output.LastIndexOf('\n', start) + 1;
        var end = output.IndexOf(new string('=', 50), start + 50, StringComparison.Ordinal);
        return output[lineStart..(end + 50)];
    }

    [Fact]
    public async Task A_closed_loop_run_for_a_duration_schedules_its_measured_requests_within_it_after_warm_up()
    {
        // given
        var bodies = new ConcurrentQueue<string>();
        await using var server = await StartServerAsync(bodies);
        var dir = _cli.PathOf("run");

        // when
        var run = await CliHarness.RunAsync("run", "--base-url", server.BaseUrl.ToString(), "--concurrency", "4",
            "--duration", "1s", "--warmup", "4", "--output-dir", dir);

        // then
        Assert.True(run.ExitCode == 0, run.Error);
        var records = Records(dir);
        var measured = records.Where(record => !record.Warmup).ToList();
        Assert.Equal(4, records.Count(record => record.Warmup));
        Assert.All(measured, record => Assert.Equal(RequestOutcome.Ok, record.Outcome));
        Assert.Equal(records.Count, bodies.Count);
        // the clock starts at the end of warm-up: every measured request was due within the second after it
        var measureStartMs = measured.Min(record => record.ScheduledAtMs);
        Assert.True(records.Where(record => record.Warmup).All(record => record.ScheduledAtMs <= measureStartMs));
        Assert.All(measured, record => Assert.InRange(record.ScheduledAtMs - measureStartMs, 0, 1000));
        AssertSummaryMatchesRecords(Summary(dir), measured);
        Assert.InRange(Number(Summary(dir), "duration"), 0.99, 60);
    }

    [Fact]
    public async Task An_open_loop_run_keeps_its_schedule_and_counts_its_duration_after_warm_up()
    {
        // given arrivals every 25 ms: 4 of warm-up, then one second of them
        var bodies = new ConcurrentQueue<string>();
        await using var server = await StartServerAsync(bodies);
        var dir = _cli.PathOf("run");

        // when
        var run = await CliHarness.RunAsync("run", "--base-url", server.BaseUrl.ToString(), "--rate", "40", "--arrival", "constant",
            "--duration", "1s", "--warmup", "4", "--output-dir", dir);

        // then 40 measured requests, due exactly 25 ms apart (the schedule is kept, whatever the sends did)
        Assert.True(run.ExitCode == 0, run.Error);
        var records = Records(dir).OrderBy(record => record.Index).ToList();
        Assert.Equal(4, records.Count(record => record.Warmup));
        var measured = records.Where(record => !record.Warmup).ToList();
        Assert.Equal(40, measured.Count);
        Assert.All(records.Zip(records.Skip(1)), pair => Assert.InRange(pair.Second.ScheduledAtMs - pair.First.ScheduledAtMs, 25 - 0.001, 25 + 0.001));
        Assert.All(records, record => Assert.True(record.SentAtMs >= record.ScheduledAtMs, $"request {record.Index} went before it was due"));
        var summary = Summary(dir);
        Assert.Equal(40, Number(summary, "request_rate"));
        AssertSummaryMatchesRecords(summary, measured);
    }

    [Fact]
    public async Task A_sweep_with_a_level_duration_runs_each_level_for_that_long_after_its_warm_up()
    {
        // given
        var bodies = new ConcurrentQueue<string>();
        await using var server = await StartServerAsync(bodies);
        var dir = _cli.PathOf("sweep");

        // when
        var sweep = await CliHarness.RunAsync("sweep", "--base-url", server.BaseUrl.ToString(), "--concurrency", "2,4",
            "--level-duration", "1s", "--warmup", "2", "--output-dir", dir);

        // then each level's records were due within its second, and sweep.json says what its records say
        Assert.True(sweep.ExitCode == 0, sweep.Error);
        var levels = JsonNode.Parse(File.ReadAllBytes(Path.Combine(dir, "sweep.json")))!["levels"]!.AsArray();
        Assert.Equal([2, 4], levels.Select(level => level!["concurrency"]!.GetValue<int>()));
        foreach (var level in levels)
        {
            var levelDir = Path.Combine(dir, $"c{level!["concurrency"]}");
            var records = Records(levelDir);
            var measured = records.Where(record => !record.Warmup).ToList();
            Assert.Equal(2, records.Count(record => record.Warmup));
            var measureStartMs = measured.Min(record => record.ScheduledAtMs);
            Assert.All(measured, record => Assert.InRange(record.ScheduledAtMs - measureStartMs, 0, 1000));
            AssertSummaryMatchesRecords(level.AsObject(), measured);
            AssertSummaryMatchesRecords(Summary(levelDir), measured);
            Assert.InRange(Number(level.AsObject(), "duration"), 0.99, 60);
        }
    }

    [Fact]
    public async Task Every_measured_request_asks_for_usage_in_the_stream()
    {
        // given
        var bodies = new ConcurrentQueue<string>();
        await using var server = await StartServerAsync(bodies);

        // when
        var run = await CliHarness.RunAsync("run", "--base-url", server.BaseUrl.ToString(), "--concurrency", "2",
            "--num-requests", "6", "--output-dir", _cli.PathOf("run"));

        // then the bodies the server read carry stream: true and stream_options.include_usage: true
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(6, bodies.Count);
        Assert.All(bodies, body =>
        {
            using var json = JsonDocument.Parse(body);
            Assert.True(json.RootElement.GetProperty("stream").GetBoolean(), body);
            Assert.True(json.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean(), body);
        });
    }

    /// <summary>The counts, window and queue time of a summary are those of its measured records (all successful here).</summary>
    private static void AssertSummaryMatchesRecords(JsonObject summary, IReadOnlyList<RequestRecord> measured)
    {
        Assert.Equal(measured.Count, Number(summary, "completed"));
        Assert.Equal(6.0 * measured.Count, Number(summary, "total_output_tokens"));
        var windowSeconds = (measured.Max(RequestLatency.EndMs) - measured.Min(record => record.SentAtMs)) / 1000;
        Assert.Equal(windowSeconds, Number(summary, "duration"), 9);
        Assert.Equal(measured.Count / windowSeconds, Number(summary, "request_throughput"), 9);
        Assert.Equal(measured.Average(RequestLatency.QueueTimeMs), Number(summary, "mean_client_queue_time_ms"), 6);
        Assert.Equal(measured.Max(RequestLatency.QueueTimeMs), Number(summary, "max_client_queue_time_ms"), 6);
    }

    public void Dispose() => _cli.Dispose();
}
