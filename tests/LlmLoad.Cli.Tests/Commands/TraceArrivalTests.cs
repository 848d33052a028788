using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LlmLoad.Cli.Tests.Support;
using LlmLoad.Core.Workload;
using LlmLoad.Tests.Common;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// A trace replay as users run it: <c>llmload run --dataset mooncake:|azure:FILE --trace-speed S</c> in a process of
/// its own, against a server in this process that stamps when each request's first byte arrives
/// (<see cref="StampingHttpServer"/>), run alone on the machine after every other test (test.sh's quiet stage): beside
/// the other test projects a thread waits tens of milliseconds for a core.
/// </summary>
[Collection(TimingSensitive.Name)]
[Trait(QuietStage.Trait, QuietStage.Value)]
public sealed class TraceArrivalTests : IDisposable
{
    /// <summary>The aim: the p99 of |arrival offset - trace offset|, best-fit origin.</summary>
    private const double ArrivalP99AimMs = 2;

    /// <summary>
    /// How long one case keeps replaying (at least twice) before it fails. Even alone, this 2-core VM stalls sleeping
    /// threads for milliseconds in some minutes and not others (a C program waking every 75 ms: p99 0.3 ms in one run,
    /// 2.6 ms in the next), and a fresh process runs code for the first time in its first 100 ms: of 24 Mooncake replays
    /// at speed 4 (200 requests, so the p99 is the second worst), about half were within 2 ms at p99, the rest 2.0-8.5 ms
    /// from two or three requests held up by 2-9 ms; at speed 1 and on the Azure fixture, 22 of 22 were (2026-12-03).
    /// </summary>
    private static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(45);

    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-trace-arrival-{Guid.NewGuid():N}");

    /// <summary>
    /// Passes when one replay's arrivals are within 2 ms of the trace at p99, or within what <see cref="ReferenceReplay"/>
    /// (one thread sleeping to each due time and writing prebuilt bytes on open sockets) reached on the same trace and
    /// server just after it, when the machine did not allow even that client 2 ms; replays go on within
    /// <see cref="RetryBudget"/>. A wait per request, a coarse timer, a send waiting for a connect or compiled code, or
    /// --trace-speed ignored all fail it.
    /// </summary>
    [Theory]
    [InlineData("mooncake", "examples/traces/mooncake_small.jsonl", 1.0)]
    [InlineData("mooncake", "examples/traces/mooncake_small.jsonl", 4.0)]
    [InlineData("azure", "examples/traces/azure_small.csv", 1.0)]
    [InlineData("azure", "examples/traces/azure_small.csv", 4.0)]
    public async Task Requests_reach_the_endpoint_at_their_trace_times(string format, string file, double speed)
    {
        // given the trace's due times, one per prompt (llmload's own reading of the file: it names which line a prompt is)
        var dataset = format + ":" + RepositoryFile.PathOf(file);
        var trace = WorkloadFactory.Build(new WorkloadOptions { Dataset = dataset }, int.MaxValue, wholeTrace: true);
        var prompts = trace.Items.Select(item => item.Prompt).ToArray();
        var dueMs = TraceTimesMs(format, RepositoryFile.PathOf(file));
        Assert.Equal(dueMs, trace.ArrivalOffsetsMs!, (a, b) => Math.Abs(a - b) < 1e-6);
        // bodies are parsed after each replay, so the server spends no CPU beside the client it measures
        var arrivals = new ConcurrentQueue<(long ArrivedAt, byte[] Body)>();
        using var server = StampingHttpServer.Start((head, body, arrivedAt) =>
        {
            if (!head.StartsWith("POST /v1/chat/completions", StringComparison.Ordinal))
            {
                return StampingHttpServer.ModelList("test-model");
            }
            arrivals.Enqueue((arrivedAt, body));
            return StampingHttpServer.OneTokenChatStream("test-model");
        });
        var seen = new List<string>();
        var replaying = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            // when llmload replays the trace
            arrivals.Clear();
            await using (var llmload = LlmloadProcess.Start("run", "--base-url", server.BaseUrl.ToString(), "--model", "test-model",
                "--dataset", dataset, "--trace-speed", speed.ToString(CultureInfo.InvariantCulture),
                "--server-metrics", "off", "--no-report", "--output-dir", Path.Combine(_outputDir, $"attempt-{attempt}")))
            {
                var exitCode = await llmload.WaitForExitAsync(TimeSpan.FromMinutes(2));
                Assert.True(exitCode == 0, $"exit code {exitCode}: {llmload.Error}");
            }

            // then every line arrived once, after the pre-flight, at its trace time over the speed
            var error = ArrivalError([.. arrivals.Skip(1)], prompts, dueMs, speed);
            seen.Add($"llmload {error}");
            if (error.P99 <= ArrivalP99AimMs)
            {
                break;
            }
            // or, in a minute when the machine misses the aim, as close as the minimal client comes
            arrivals.Clear();
            ReferenceReplay.Run(server.BaseUrl, [.. dueMs.Select(due => due / speed)],
                index => JsonSerializer.SerializeToUtf8Bytes(new { model = "test-model", messages = new[] { new { role = "user", content = prompts[index] } }, stream = true }));
            var reference = ArrivalError([.. arrivals], prompts, dueMs, speed);
            seen.Add($"reference {reference}");
            if (error.P99 <= reference.P99)
            {
                break;
            }
            Assert.True(attempt < 2 || replaying.Elapsed < RetryBudget, string.Create(CultureInfo.InvariantCulture,
                $"arrivals off the trace by more than {ArrivalP99AimMs} ms at p99 and than the reference client ({format}, speed {speed}): {string.Join("; ", seen)}"));
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{format} speed {speed}: {string.Join("; ", seen)}");
    }

    /// <summary>|arrival offset - trace offset / speed| over the lines, arrivals counted from their best-fit origin (the server cannot see the run's start).</summary>
    private static ErrorStats ArrivalError((long ArrivedAt, byte[] Body)[] captured, string[] prompts, double[] dueMs, double speed)
    {
        Assert.Equal(dueMs.Length, captured.Length);
        var lineOfPrompt = prompts.Select((prompt, line) => (prompt, line)).ToDictionary(p => p.prompt, p => p.line);
        var line = captured.Select(c => lineOfPrompt[JsonDocument.Parse(c.Body).RootElement.GetProperty("messages")[0].GetProperty("content").GetString()!]).ToArray();
        Assert.Equal(dueMs.Length, line.Distinct().Count());
        var offsetsMs = captured.Select((c, i) => Stopwatch.GetElapsedTime(captured[0].ArrivedAt, c.ArrivedAt).TotalMilliseconds - dueMs[line[i]] / speed).Order().ToArray();
        var median = offsetsMs[offsetsMs.Length / 2];
        var error = offsetsMs.Select(offset => Math.Abs(offset - median)).Order().ToArray();
        return new ErrorStats(error[error.Length / 2], error[(int)Math.Ceiling(0.99 * error.Length) - 1], error[^1]);
    }

    private readonly record struct ErrorStats(double P50, double P99, double Max)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {P50:0.000} ms, p99 {P99:0.000} ms, max {Max:0.000} ms");
    }

    /// <summary>The trace's times in ms from its first line, read here from the file itself.</summary>
    private static double[] TraceTimesMs(string format, string path)
    {
        if (format == "mooncake")
        {
            return [.. File.ReadLines(path).Select(text => JsonDocument.Parse(text).RootElement.GetProperty("timestamp").GetDouble())];
        }
        var times = File.ReadLines(path).Skip(1).Select(text => DateTime.Parse(text.Split(',')[0], CultureInfo.InvariantCulture)).ToArray();
        return [.. times.Select(time => (time - times[0]).TotalMilliseconds)];
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
