using System.Text;
using System.Text.Json;
using LlmLoad.Cli.Tests.Support;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// <c>llmload run</c> as a separate process, stopped the three ways a user stops it: SIGKILL (records
/// survive), one SIGINT or SIGTERM (graceful: partial results, exit 130) and a second one (out at once).
/// </summary>
public sealed class RunProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-process-{Guid.NewGuid():N}");

    private string RecordsFile => Path.Combine(_outputDir, "requests.jsonl");

    private string SummaryFile => Path.Combine(_outputDir, "summary.json");

    /// <summary>Lines of a file another process is writing; a poll, because there is no event to wait on across processes.</summary>
    private async Task WaitForRecordsAsync(int count)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!File.Exists(RecordsFile) || CountNewlines(RecordsFile) < count)
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    private static int CountNewlines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[64 * 1024];
        var count = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            count += buffer.AsSpan(0, read).Count((byte)'\n');
        }
        return count;
    }

    [Fact]
    public async Task A_run_killed_with_sigkill_leaves_records_that_read_back_and_a_torn_last_line_is_only_a_warning()
    {
        // given a long run against the embedded simulator
        await using var llmload = LlmloadProcess.Start("run", "--sim-profile", "tiny", "--num-requests", "100000", "--concurrency", "16",
            "--output-tokens", "20", "--output-dir", _outputDir);
        await WaitForRecordsAsync(100);

        // when
        llmload.KillHard();
        await llmload.WaitForExitAsync(Patience);

        // then every complete line is a record; a torn last line, if the kill cut one, is a warning
        var bytes = File.ReadAllBytes(RecordsFile);
        var read = RecordReader.ReadFile(RecordsFile);
        Assert.True(read.Records.Count >= 100, $"{read.Records.Count} records");
        Assert.Equal(bytes[^1] == '\n' ? 0 : 1, read.Warnings.Count);
        Assert.All(read.Records, record => Assert.NotEqual(RequestOutcome.Cancelled, record.Outcome));
        Assert.False(File.Exists(SummaryFile));

        // and when the last write is cut in the middle of a record, that line alone is dropped, with a warning
        var complete = bytes[..(Array.LastIndexOf(bytes, (byte)'\n') + 1)];
        File.WriteAllBytes(RecordsFile, [.. complete, .. Encoding.UTF8.GetBytes("{\"run_id\":\"x\",\"index\":99999,\"sched")]);
        var torn = RecordReader.ReadFile(RecordsFile);
        Assert.Equal(CountNewlines(RecordsFile), torn.Records.Count);
        Assert.Single(torn.Warnings);
        Assert.Contains("ignored an incomplete last record", torn.Warnings[0]);
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_stop_signal_ends_the_run_with_exit_code_130_partial_results_and_a_record_for_every_request(string signal)
    {
        // given a run whose first 20 measured requests finish and whose next 4 hang, filling its 4 slots
        var allHanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await HangingServer.StartAsync(finished: 20, hanging: 4, allHanging);
        await using var llmload = LlmloadProcess.Start("run", "--base-url", server.BaseUrl.ToString(), "--concurrency", "4",
            "--num-requests", "1000", "--stop-grace", "200ms", "--output-dir", _outputDir);
        await allHanging.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);

        // when
        llmload.Signal(signal);
        var exitCode = await llmload.WaitForExitAsync(Patience);

        // then
        Assert.True(exitCode == 130, $"exit code {exitCode}: {llmload.Error}");
        Assert.Contains("stopping: no new requests", llmload.Error);
        var records = RecordReader.ReadFile(RecordsFile);
        Assert.Empty(records.Warnings);
        Assert.Equal(Enumerable.Range(0, 24), records.Records.Select(record => record.Index).Order());
        // which indices hang depends on arrival order at the server, the counts do not
        Assert.Equal(20, records.Records.Count(record => record.Outcome == RequestOutcome.Ok));
        Assert.Equal(4, records.Records.Count(record => record.Outcome == RequestOutcome.Cancelled));
        using var summary = JsonDocument.Parse(File.ReadAllBytes(SummaryFile));
        Assert.True(summary.RootElement.GetProperty("interrupted").GetBoolean());
        Assert.Equal(4, summary.RootElement.GetProperty("cancelled").GetInt32());
        Assert.Equal(20, summary.RootElement.GetProperty("completed").GetInt32());
        Assert.Contains("Serving Benchmark Result", llmload.Out);
    }

    [Fact]
    public async Task After_a_sigint_the_duration_ends_at_the_last_completion_and_tokens_cancelled_requests_received_count()
    {
        // given 5 users: the first 4 measured requests stream a token and hang, so the fifth user alone sends the next
        // 16, one after another, and its 17th streams a token and hangs too (after the last completion). The hanging
        // tokens are 16 round trips ahead of the last completion: their order on the server is the order the client
        // reads them in.
        var fiveHanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var measured = 0;
        var hanging = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
            var isPreflight = body.Contains("\"max_completion_tokens\":1,", StringComparison.Ordinal);
            await SseScript.StartStreamAsync(context);
            var number = isPreflight ? 0 : Interlocked.Increment(ref measured);
            if (number == 0 || number is > 4 and <= 20)
            {
                await SseScript.WriteAsync(context, SseScript.ChatChunk(" done") + SseScript.FinishChunk() + SseScript.Done);
                return;
            }
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" never finishes"));
            if (Interlocked.Increment(ref hanging) == 5)
            {
                fiveHanging.TrySetResult();
            }
            await HangingServer.HangAsync(context);
        });
        await using var llmload = LlmloadProcess.Start("run", "--base-url", server.BaseUrl.ToString(), "--concurrency", "5",
            "--num-requests", "1000", "--stop-grace", "200ms", "--output-dir", _outputDir);
        await fiveHanging.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);

        // when
        llmload.Signal("INT");
        var exitCode = await llmload.WaitForExitAsync(Patience);

        // then the window closes at the last completion, not at the stop
        Assert.True(exitCode == 130, $"exit code {exitCode}: {llmload.Error}");
        var records = RecordReader.ReadFile(RecordsFile).Records;
        var ok = records.Where(record => record.Outcome == RequestOutcome.Ok).ToList();
        var cancelled = records.Where(record => record.Outcome == RequestOutcome.Cancelled).ToList();
        Assert.Equal(16, ok.Count);
        Assert.Equal(5, cancelled.Count);
        var startMs = records.Min(record => record.SentAtMs);
        var lastCompletionMs = ok.Max(record => record.DoneAtMs!.Value);
        using var summary = JsonDocument.Parse(File.ReadAllBytes(SummaryFile));
        var root = summary.RootElement;
        Assert.Equal((lastCompletionMs - startMs) / 1000, root.GetProperty("duration").GetDouble(), 9);
        Assert.True(cancelled.Max(record => record.DoneAtMs!.Value) > lastCompletionMs);
        // and the tokens cancelled requests received before it count in the totals and the series, not in latencies
        var cancelledInWindow = cancelled.Where(record => record.ChunkAtMs[0] <= lastCompletionMs).ToList();
        Assert.Equal(4, cancelledInWindow.Count);
        var expectedTokens = ok.Sum(record => record.OutputTokens) + cancelledInWindow.Sum(record => record.OutputTokens);
        Assert.Equal(expectedTokens, root.GetProperty("total_output_tokens").GetInt32());
        Assert.Equal(expectedTokens, root.GetProperty("time_series").GetProperty("output_tokens").EnumerateArray().Sum(value => value.GetDouble()));
        Assert.Equal(ok.Max(record => record.LastTokenAtMs!.Value - record.SentAtMs), root.GetProperty("max_e2el_ms").GetDouble(), 6);
    }

    [Fact]
    public async Task A_second_sigint_exits_at_once_without_waiting_for_the_grace_period()
    {
        // given a run with a minute of grace and requests that never finish
        var allHanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await HangingServer.StartAsync(finished: 0, hanging: 2, allHanging);
        await using var llmload = LlmloadProcess.Start("run", "--base-url", server.BaseUrl.ToString(), "--concurrency", "2",
            "--num-requests", "1000", "--stop-grace", "60s", "--output-dir", _outputDir);
        await allHanging.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        llmload.Signal("INT");
        await llmload.WaitForErrorLineAsync(line => line.StartsWith("stopping:", StringComparison.Ordinal), Patience);

        // when
        var secondSentAt = DateTime.UtcNow;
        llmload.Signal("INT");
        var exitCode = await llmload.WaitForExitAsync(Patience);

        // then
        Assert.Equal(130, exitCode);
        Assert.True(DateTime.UtcNow - secondSentAt < TimeSpan.FromSeconds(30), "the second signal waited for the grace period");
        Assert.Contains("stopped at once; finished requests are in requests.jsonl, no summary written", llmload.Error);
        Assert.False(File.Exists(SummaryFile));
    }

    [Fact]
    public async Task A_sigint_during_the_pre_flight_exits_130_and_writes_nothing()
    {
        // given a server that never answers the pre-flight
        var preflightArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await HangingServer.StartAsync(0, 0, new TaskCompletionSource(), preflightArrived);
        await using var llmload = LlmloadProcess.Start("run", "--base-url", server.BaseUrl.ToString(), "--output-dir", _outputDir);
        await preflightArrived.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);

        // when
        llmload.Signal("INT");
        var exitCode = await llmload.WaitForExitAsync(Patience);

        // then
        Assert.Equal(130, exitCode);
        Assert.Contains("error: interrupted before the first measured request; nothing was written.", llmload.Error);
        Assert.DoesNotContain("internal error", llmload.Error);
        Assert.False(Directory.Exists(_outputDir));
    }

    [Fact]
    public async Task A_sweeps_reset_command_does_not_inherit_the_runtime_setting_llmload_gave_itself()
    {
        // given a reset command that records its environment (the test's own environment does not set the variable)
        Assert.Null(Environment.GetEnvironmentVariable(LlmLoad.Core.Transport.SocketCompletions.VariableName));
        var environmentFile = Path.Combine(_outputDir + "-env", "env.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(environmentFile)!);
        await using var llmload = LlmloadProcess.Start("sweep", "--sim-profile", "instant", "--concurrency", "2", "--requests-per-level", "4",
            "--output-tokens", "4", "--output-dir", _outputDir, "--reset-shell", "--reset-cmd", $"env > '{environmentFile}'");

        // when
        var exitCode = await llmload.WaitForExitAsync(Patience);

        // then the command ran, with the user's environment and without llmload's socket setting
        Assert.True(exitCode == 0, llmload.Error);
        var environment = await File.ReadAllTextAsync(environmentFile, TestContext.Current.CancellationToken);
        Directory.Delete(Path.GetDirectoryName(environmentFile)!, recursive: true);
        Assert.Contains("PATH=", environment);
        Assert.DoesNotContain(LlmLoad.Core.Transport.SocketCompletions.VariableName, environment);
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
