using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;
using LlmLoad.Tests.Common;

namespace LlmLoad.Cli.Tests.Commands;

/// <summary>
/// <c>run --multi-turn</c> split into shards (<c>--shard</c>, <c>--processes</c>) and merged, end to end against a real
/// loopback server: every conversation is played whole by one shard, the shards together play the single run's
/// sessions and turns, and the merged multi-turn figures are those of the pooled records.
/// </summary>
public sealed class ShardMultiTurnTests : IDisposable
{
    private const int Sessions = 8;
    private const int Turns = 3;

    private readonly CliHarness _cli = new();

    /// <summary>One request as the server got it: its conversation (role: content) and the order it arrived in.</summary>
    private sealed record Received(string[] Messages, long Order)
    {
        /// <summary>The conversation's identity: its first user message (synthetic turns are cut at distinct corpus offsets).</summary>
        public string Conversation => Messages.First(m => m.StartsWith("user: ", StringComparison.Ordinal));

        public int Turn => Messages.Count(m => m.StartsWith("user: ", StringComparison.Ordinal));
    }

    /// <summary>Answers every turn with the same short reply; keeps each measured request (the pre-flight's is left out).</summary>
    private static Task<LoopbackServer> StartServerAsync(ConcurrentQueue<Received> received)
    {
        long order = 0;
        return LoopbackServer.StartAsync(async context =>
        {
            var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted))!;
            if (body["max_completion_tokens"]!.GetValue<int>() != 1)
            {
                received.Enqueue(new Received(
                    [.. body["messages"]!.AsArray().Select(m => $"{m!["role"]!.GetValue<string>()}: {m["content"]!.GetValue<string>()}")],
                    Interlocked.Increment(ref order)));
            }
            await SseScript.StartStreamAsync(context);
            await SseScript.WriteAsync(context, SseScript.ChatChunk(" hello") + SseScript.ChatChunk(" world") + SseScript.FinishChunk() + SseScript.UsageChunk(12, 2) + SseScript.Done);
        });
    }

    private static string[] Load(LoopbackServer server, string outputDir, params string[] extra) =>
        ["run", "--base-url", server.BaseUrl.ToString(), "--multi-turn", "--turns", $"{Turns}", "--num-sessions", $"{Sessions}", "--concurrency", "4",
            "--warmup", "2", "--think-time", "uniform:1ms:20ms", "--input-tokens", "fixed:24", "--output-tokens", "2", "--server-metrics", "off",
            "--output-dir", outputDir, .. extra];

    private static JsonObject Summary(string directory) => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "summary.json")))!;

    /// <summary>Every conversation the server got was sent whole and in order: turn k resends turn k-1's messages and adds to them.</summary>
    private static void AssertWholeConversations(IEnumerable<Received> received)
    {
        foreach (var conversation in received.GroupBy(r => r.Conversation))
        {
            var turns = conversation.OrderBy(r => r.Order).ToArray();
            Assert.Equal(Enumerable.Range(1, Turns), turns.Select(r => r.Turn));
            for (var k = 1; k < turns.Length; k++)
            {
                Assert.True(turns[k].Messages.Length > turns[k - 1].Messages.Length);
                Assert.Equal(turns[k - 1].Messages, turns[k].Messages[..turns[k - 1].Messages.Length]);
            }
        }
    }

    private static string[] SessionIdsOf(string directory) =>
        [.. RecordReader.ReadFile(Path.Combine(directory, SavedRun.RecordsFileName)).Records.Select(r => r.SessionId!).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Two_processes_play_the_single_runs_conversations_whole_with_the_same_sessions_turns_and_tokens()
    {
        // given the single run
        var single = new ConcurrentQueue<Received>();
        await using (var server = await StartServerAsync(single))
        {
            var (exitCode, _, error) = await CliHarness.RunAsync(Load(server, _cli.PathOf("single"), "--no-report"));
            Assert.True(exitCode == 0, error);
        }

        // when the same run goes over two processes
        var sharded = new ConcurrentQueue<Received>();
        string output;
        await using (var server = await StartServerAsync(sharded))
        {
            (var exitCode, output, var error) = await CliHarness.RunAsync(Load(server, _cli.PathOf("sharded"), "--processes", "2", "--no-report"));
            Assert.True(exitCode == 0, error + output);
        }

        // then the server got the single run's conversations, each one whole and in order
        AssertWholeConversations(sharded);
        Assert.Equal(Sessions * Turns, sharded.Count);
        Assert.Equal(single.Select(r => r.Conversation).Distinct().Order(StringComparer.Ordinal), sharded.Select(r => r.Conversation).Distinct().Order(StringComparer.Ordinal));
        // and each shard played its own sessions (the run's session ids, I mod 2), none of them both
        Assert.Equal(["s0", "s2", "s4", "s6"], SessionIdsOf(_cli.PathOf("sharded", "shards", "shard-0")));
        Assert.Equal(["s1", "s3", "s5", "s7"], SessionIdsOf(_cli.PathOf("sharded", "shards", "shard-1")));
        // and the merged run counts what the single run counts
        var one = Summary(_cli.PathOf("single"));
        var two = Summary(_cli.PathOf("sharded"));
        foreach (var key in new[] { "completed", "total_input_tokens", "total_output_tokens" })
        {
            Assert.Equal(one[key]!.GetValue<double>(), two[key]!.GetValue<double>());
        }
        Assert.True(JsonNode.DeepEquals(one["session_counts"], two["session_counts"]), $"{one["session_counts"]} vs {two["session_counts"]}");
        Assert.Equal(Sessions, two["session_counts"]!["completed"]!.GetValue<int>());
        Assert.Equal(
            one["by_turn"]!.AsArray().Select(t => (t!["turn"]!.GetValue<int>(), t["requests"]!.GetValue<int>(), t["mean_input_tokens"]!.GetValue<double>())),
            two["by_turn"]!.AsArray().Select(t => (t!["turn"]!.GetValue<int>(), t["requests"]!.GetValue<int>(), t["mean_input_tokens"]!.GetValue<double>())));
        Assert.Equal(one["sessions"]!["sessions"]!.GetValue<int>(), two["sessions"]!["sessions"]!.GetValue<int>());
        Assert.Contains($"Sessions: {Sessions} started, {Sessions} completed", output);
    }

    [Fact]
    public async Task A_merge_recomputes_the_multi_turn_figures_from_the_pooled_records_and_adds_up_the_session_counts()
    {
        // given two shards of one multi-turn run
        var received = new ConcurrentQueue<Received>();
        await using var server = await StartServerAsync(received);
        var shards = new List<string>();
        for (var index = 0; index < 2; index++)
        {
            var directory = _cli.PathOf($"shard-{index}");
            var (shardExit, _, shardError) = await CliHarness.RunAsync(Load(server, directory, "--no-report", "--shard", $"{index}/2", "--start-at", "+0s", "--run-id", "turns"));
            Assert.True(shardExit == 0, shardError);
            shards.Add(directory);
        }

        // when
        var (exitCode, output, error) = await CliHarness.RunAsync(["merge", .. shards, "--output-dir", _cli.PathOf("merged")]);

        // then its by-turn and session figures are those of the merged requests.jsonl, computed again here
        Assert.True(exitCode == 0, error);
        AssertWholeConversations(received);
        var records = RecordReader.ReadFile(_cli.PathOf("merged", SavedRun.RecordsFileName)).Records;
        Assert.Equal(Sessions * Turns, records.Count);
        var expected = MultiTurnSummary.From([.. records.Where(r => !r.Warmup)])!;
        var saved = SummaryJsonReader.Read(Summary(_cli.PathOf("merged"))).MultiTurn!;
        Assert.Equal(expected.ByTurn.Count, saved.ByTurn.Count);
        foreach (var (want, got) in expected.ByTurn.Zip(saved.ByTurn))
        {
            Assert.Equal((want.Turn, want.Requests, want.Completed), (got.Turn, got.Requests, got.Completed));
            Assert.Equal(want.MeanInputTokens!.Value, got.MeanInputTokens!.Value, 3);
            Assert.Equal(want.Ttft.Mean!.Value, got.Ttft.Mean!.Value, 3);
            Assert.Equal(want.Ttft.P99!.Value, got.Ttft.P99!.Value, 3);
        }
        Assert.Equal((expected.Sessions.Sessions, expected.Sessions.EndedByFailure), (saved.Sessions.Sessions, saved.Sessions.EndedByFailure));
        Assert.Equal(expected.Sessions.MeanTurnsCompleted!.Value, saved.Sessions.MeanTurnsCompleted!.Value, 6);
        Assert.Equal(expected.Sessions.DurationMs.P99!.Value, saved.Sessions.DurationMs.P99!.Value, 3);
        Assert.Equal(Sessions, records.Select(r => r.SessionId).Distinct().Count());
        // and the session counts (only the clients kept them) are the shards' added up
        var counts = Summary(_cli.PathOf("merged"))["session_counts"]!;
        var perShard = shards.Select(s => Summary(s)["session_counts"]!).ToList();
        Assert.All(new[] { "started", "completed", "ended_by_failure", "ended_by_context_limit", "cut_by_run_end", "turns_not_sent" },
            key => Assert.Equal(perShard.Sum(c => c[key]!.GetValue<int>()), counts[key]!.GetValue<int>()));
        Assert.Equal([4, 4], perShard.Select(c => c["started"]!.GetValue<int>()));
        // and the console and the report show them
        Assert.Contains($"Sessions: {Sessions} started, {Sessions} completed", output);
        Assert.Contains("<h2>By turn</h2>", File.ReadAllText(_cli.PathOf("merged", "report.html")));
    }

    public void Dispose() => _cli.Dispose();
}
