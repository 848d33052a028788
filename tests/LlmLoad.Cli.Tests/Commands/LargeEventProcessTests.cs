using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using LlmLoad.Cli.Tests.Support;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// <c>llmload run</c> as a separate process (its own socket settings, its own signals) against a server that sends one
/// text event of 900 KB without whitespace, the shape that took minutes to count token by token (issue 17).
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class LargeEventProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The normal streams' first token comes this long after their request arrives.</summary>
    private static readonly TimeSpan ServerTtft = TimeSpan.FromMilliseconds(300);

    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-large-{Guid.NewGuid():N}");

    private string RecordsFile => Path.Combine(_outputDir, "requests.jsonl");

    private static string LargeEvent()
    {
        var random = new Random(17); // fixed, so every run sends the same text
        var text = new StringBuilder(900_000);
        for (var i = 0; i < 900_000; i++)
        {
            text.Append((char)('a' + random.Next(26)));
        }
        return SseScript.ChatChunk(text.ToString());
    }

    private static async Task<bool> IsPreflightAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        return body.Contains("\"max_completion_tokens\":1,", StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_900_KB_event_among_40_streams_leaves_the_others_ttft_at_the_servers_and_the_run_ends_in_seconds()
    {
        // given a server whose first measured request gets one 900 KB event (and no usage, so the client must count it)
        // and whose 40 others stream 20 tokens, the first one 300 ms after the request; it notes how late it wrote each first token
        var largeEvent = LargeEvent();
        var measured = 0;
        var serverLateMs = new ConcurrentBag<double>();
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var preflight = await IsPreflightAsync(context);
            var arrived = Stopwatch.GetTimestamp();
            await SseScript.StartStreamAsync(context);
            if (!preflight && Interlocked.Increment(ref measured) == 1)
            {
                await SseScript.WriteAsync(context, largeEvent + SseScript.FinishChunk() + SseScript.Done);
                return;
            }
            for (var i = 0; i < 20; i++)
            {
                await SseScript.WaitUntilAsync(arrived, ServerTtft + TimeSpan.FromMilliseconds(10 * i), context.RequestAborted);
                if (i == 0 && !preflight)
                {
                    serverLateMs.Add((Stopwatch.GetElapsedTime(arrived) - ServerTtft).TotalMilliseconds);
                }
                await SseScript.WriteAsync(context, SseScript.ChatChunk(" tok"));
            }
            await SseScript.WriteAsync(context, SseScript.FinishChunk() + SseScript.UsageChunk(5, 20) + SseScript.Done);
        });

        // when all 41 are sent at once
        await using var llmload = LlmloadProcess.Start("run", "--base-url", server.BaseUrl.ToString(), "--concurrency", "41",
            "--num-requests", "41", "--output-dir", _outputDir);
        var exitCode = await llmload.WaitForExitAsync(Patience);

        // then the run ended (within the test's patience, not minutes later) and the large event was counted
        Assert.True(exitCode == 0, $"exit code {exitCode}: {llmload.Error}");
        var records = RecordReader.ReadFile(RecordsFile).Records;
        Assert.Equal(41, records.Count);
        Assert.All(records, record => Assert.Equal(RequestOutcome.Ok, record.Outcome));
        var large = Assert.Single(records, record => record.UsageOutputTokens is null);
        Assert.InRange(large.OutputTokens, 900_000 / 3, 900_000);
        using (var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_outputDir, "summary.json"))))
        {
            Assert.True(summary.RootElement.GetProperty("client_health").GetProperty("slowest_token_count_ms").GetDouble() > 0);
        }
        // and no normal stream's first token waited for that count: each was stamped at most 50 ms after the server's
        // latest first token, or, on a machine too loaded for that, well within the time counting the text takes here
        var countMs = TimeToCount(largeEvent);
        var worstServerLateMs = serverLateMs.Max();
        var addedMs = records.Where(record => record != large)
            .Select(record => record.FirstTokenAtMs!.Value - record.SentAtMs - ServerTtft.TotalMilliseconds - worstServerLateMs)
            .ToArray();
        Assert.True(addedMs.Max() < Math.Max(50, countMs / 2),
            $"TTFT over the server's (worst server lateness {worstServerLateMs:0.0} ms): max {addedMs.Max():0.0} ms, median {addedMs.Order().ElementAt(20):0.0} ms; counting takes {countMs:0} ms");
    }

    /// <summary>How long counting the event's text takes in this process now, in ms: what a request stalled by the count would wait.</summary>
    private static double TimeToCount(string sseEvent)
    {
        var tokenizer = LlmLoad.Core.Workload.TokenizerCatalog.Create("o200k_base");
        var start = Stopwatch.GetTimestamp();
        LlmLoad.Core.Workload.BoundedTokenCounter.Count(tokenizer, sseEvent);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    [Fact]
    public async Task A_second_sigint_leaves_the_record_of_a_request_that_had_finished()
    {
        // given two users: the first measured request gets one 900 KB event and finishes, the other user's request hangs,
        // and so does the first user's next one, sent once the large one's record was made (minutes, when counting was quadratic)
        var largeEvent = LargeEvent();
        var measured = 0;
        var nextSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var preflight = await IsPreflightAsync(context);
            await SseScript.StartStreamAsync(context);
            if (preflight)
            {
                await SseScript.WriteAsync(context, SseScript.ChatChunk(" ok") + SseScript.FinishChunk() + SseScript.Done);
                return;
            }
            var number = Interlocked.Increment(ref measured);
            if (number == 1)
            {
                await SseScript.WriteAsync(context, largeEvent + SseScript.FinishChunk() + SseScript.Done);
                return;
            }
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" never finishes"));
            if (number == 3)
            {
                nextSent.TrySetResult();
            }
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        await using var llmload = LlmloadProcess.Start("run", "--base-url", server.BaseUrl.ToString(), "--concurrency", "2",
            "--num-requests", "1000", "--stop-grace", "60s", "--output-dir", _outputDir);
        await nextSent.Task.WaitAsync(Patience, TestContext.Current.CancellationToken);
        llmload.Signal("INT");
        await llmload.WaitForErrorLineAsync(line => line.StartsWith("stopping:", StringComparison.Ordinal), Patience);

        // when
        llmload.Signal("INT");
        var exitCode = await llmload.WaitForExitAsync(Patience);

        // then the finished request's record was written before the process left
        Assert.Equal(130, exitCode);
        var records = RecordReader.ReadFile(RecordsFile).Records;
        var large = Assert.Single(records);
        Assert.Equal(RequestOutcome.Ok, large.Outcome);
        Assert.InRange(large.OutputTokens, 900_000 / 3, 900_000);
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
