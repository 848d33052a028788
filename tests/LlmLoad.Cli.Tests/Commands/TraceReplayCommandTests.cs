using LlmLoad.Core.Reporting;
using System.Text.Json;
using LlmLoad.Cli.Tests.Support;
using LlmLoad.Core.Recording;
using LlmLoad.Tests.Common;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// <c>llmload run</c> with a trace: bad trace flags and bad trace files are one line on stderr naming the fix (or the
/// file and line) with exit code 2 and nothing sent (the base URL is a closed port, so a request would exit with 3);
/// a good trace is replayed at its times and its offered load is in summary.json.
/// </summary>
public sealed class TraceReplayCommandTests : IDisposable
{
    private const string NoServer = "http://127.0.0.1:1";

    private readonly CliHarness _cli = new();

    private static string Mooncake => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "traces", "mooncake_small.jsonl"));

    public static TheoryData<string[], string> InvalidFlags => new()
    {
        { ["--trace-speed", "0"], "--trace-speed \"0\" must be a number greater than 0." },
        { ["--trace-speed", "2", "--concurrency", "8"], "--trace-speed paces a replay at the trace's times, which --rate and --concurrency replace; remove one or the other." },
        { ["--trace-window", "5:2"], "--trace-window \"5s:2s\" must end after it starts (START:END, e.g. 60s:120s)." },
        { ["--trace-window", "soon"], "--trace-window \"soon\" must be START:END in seconds or with units, from the trace's start (e.g. 60:120, 1m:5m or 30s:)." },
    };

    [Theory]
    [MemberData(nameof(InvalidFlags))]
    public async Task A_bad_trace_flag_is_one_line_and_exit_code_2(string[] flags, string expectedLine)
    {
        var run = await CliRun.InvokeAsync(["run", "--base-url", NoServer, "--dataset", "mooncake:" + Mooncake, "--output-dir", _cli.PathOf("out"), .. flags]);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(["error: " + expectedLine], run.ErrorLines);
    }

    [Fact]
    public async Task Trace_flags_on_a_dataset_without_times_are_refused()
    {
        var run = await CliRun.InvokeAsync("run", "--base-url", NoServer, "--trace-sort", "--output-dir", _cli.PathOf("out"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal(["error: --trace-sort needs a timestamped dataset (mooncake:PATH, azure:PATH, or jsonl:PATH with \"timestamp\" fields); remove it."], run.ErrorLines);
    }

    [Theory]
    [InlineData("{\"timestamp\": 0, \"input_length\": 5, \"output_length\": 3}\n{\"timestamp\": 9, \"output_length\": 3}\n", "line 2: missing \"input_length\"; expected {\"timestamp\": ms, \"input_length\": n, \"output_length\": m, \"hash_ids\": [...]}.")]
    [InlineData("{\"timestamp\": 10, \"input_length\": 5, \"output_length\": 3}\n{\"timestamp\": 9, \"input_length\": 5, \"output_length\": 3}\n", "line 2: timestamp 9 is earlier than line 1's 10; sort the file by time or pass --trace-sort.")]
    [InlineData("{\"timestamp\": -1, \"input_length\": 5, \"output_length\": 3}\n", "line 1: timestamp -1 is negative; times are milliseconds from the trace's start (0 or more).")]
    public async Task A_bad_trace_line_is_named_with_its_file_and_nothing_is_sent(string content, string expected)
    {
        var path = _cli.Write("trace.jsonl", content);

        var run = await CliRun.InvokeAsync("run", "--base-url", NoServer, "--dataset", "mooncake:" + path, "--output-dir", _cli.PathOf("out"));

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal([$"error: {path} {expected}"], run.ErrorLines);
        Assert.False(Directory.Exists(_cli.PathOf("out")));
    }

    [Fact]
    public async Task A_trace_is_replayed_at_its_times_with_its_output_lengths_and_its_offered_load_in_the_summary()
    {
        // given a server that answers at once
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" token") + SseScript.FinishChunk() + SseScript.UsageChunk(12, 1) + SseScript.Done);
        });
        var trace = File.ReadLines(Mooncake).Take(40).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToArray();

        // when the first 40 requests are replayed 4 times faster than the trace
        var run = await CliRun.InvokeAsync("run", "--base-url", server.BaseUrl.ToString(), "--dataset", "mooncake:" + Mooncake,
            "--trace-speed", "4", "--num-requests", "40", "--output-dir", _cli.PathOf("out"));

        // then
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var records = RecordReader.ReadFile(_cli.PathOf("out", "requests.jsonl")).Records.OrderBy(r => r.Index).ToArray();
        Assert.Equal(trace.Select(t => (int?)t.GetProperty("output_length").GetInt32()), records.Select(r => r.MaxTokens));
        Assert.Equal(trace.Select(t => t.GetProperty("input_length").GetInt32()), records.Select(r => r.PromptTokens));
        var first = records[0].ScheduledAtMs;
        Assert.All(records.Zip(trace), pair => Assert.Equal(pair.Second.GetProperty("timestamp").GetDouble() / 4, pair.First.ScheduledAtMs - first, 0.01));
        using var summary = JsonDocument.Parse(File.ReadAllText(_cli.PathOf("out", "summary.json")));
        Assert.Equal(40, summary.RootElement.GetProperty("time_series").GetProperty("offered").EnumerateArray().Sum(v => v.GetInt32()));
        var config = summary.RootElement.GetProperty("config");
        Assert.Equal("trace", config.GetProperty("arrival").GetString());
        Assert.Equal(4, config.GetProperty("trace_speed").GetDouble());
        Assert.Equal(JsonValueKind.Null, config.GetProperty("concurrency").ValueKind);
    }

    public void Dispose() => _cli.Dispose();
}
