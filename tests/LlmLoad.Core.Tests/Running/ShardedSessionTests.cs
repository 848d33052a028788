using LlmLoad.Core.Load;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Running;
using LlmLoad.Core.Schedules;
using LlmLoad.Core.Sharding;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Tests.Running;

/// <summary>
/// A multi-turn run split into shards against real loopback servers: each shard plays whole conversations (the run's
/// sessions whose index is its own mod N), so a conversation's turns all reach one server in order with growing
/// prefixes, the shards' conversations are disjoint and together the single run's, and each session keeps its id,
/// its request indexes and its think times.
/// </summary>
public sealed class ShardedSessionTests : IDisposable
{
    private const int SessionCount = 7;
    private const int Turns = 3;
    private const int Warmup = 2;

    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-sharded-sessions-{Guid.NewGuid():N}");

    private static readonly WorkloadOptions Workload =
        new() { MultiTurn = true, Turns = $"{Turns}", InputTokens = "fixed:20", OutputTokens = "5", Seed = 3 };

    private static LoadOptions Load()
    {
        Assert.True(ThinkTime.TryParse("uniform:1ms:30ms", out var thinkTime, out _));
        return new LoadOptions { Concurrency = 3, NumSessions = SessionCount, WarmupRequests = Warmup, ThinkTime = thinkTime, Seed = 5 };
    }

    /// <summary>The run (or shard <paramref name="shard"/> of it) against its own capturing server: what the server got, and the result.</summary>
    private async Task<(CapturedRequest[] Requests, RunResult Result)> RunAsync(ShardSpec? shard, LoadOptions? load = null)
    {
        await using var server = await ChatCaptureServer.StartAsync();
        var options = new RunOptions
        {
            Endpoint = new EndpointOptions { BaseUrl = server.BaseUrl },
            Workload = Workload,
            Load = load ?? Load(),
            OutputDirectory = Path.Combine(_outputDir, shard?.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "single"),
            Shard = shard is { } spec ? new ShardRun(spec, "sessions", TimeProvider.System.GetUtcNow()) : null,
        };
        var result = await new LevelRunner(TimeProvider.System).RunAsync(options, new RunProgress(), TestContext.Current.CancellationToken);
        Assert.Equal(1, server.MaxInFlightPerSession);
        return ([.. server.Requests], result);
    }

    [Fact]
    public async Task Shards_play_disjoint_whole_conversations_whose_union_is_the_single_runs()
    {
        // given the single run, and the run's session scripts (session s plays script s)
        var (singleRequests, single) = await RunAsync(null);
        var scripts = SessionWorkloadFactory.Build(Workload, SessionCount).Sessions;

        // when the same run is sent as two shards
        var shards = new[] { await RunAsync(new ShardSpec(0, 2)), await RunAsync(new ShardSpec(1, 2)) };

        // then each shard's server got whole conversations: every turn in order, each resending the one before
        foreach (var (requests, _) in shards)
        {
            foreach (var conversation in requests.GroupBy(r => r.Session))
            {
                var turns = conversation.OrderBy(r => r.ArrivedAt).ToArray();
                Assert.Equal(Enumerable.Range(1, Turns), turns.Select(r => r.Turn));
                for (var k = 1; k < turns.Length; k++)
                {
                    Assert.Equal(turns[k - 1].Messages, turns[k].Messages[..turns[k - 1].Messages.Length]);
                }
            }
        }
        // and shard I played the run's sessions I, I+2, ...: disjoint, together the single run's
        string[][] conversations = [.. shards.Select(s => s.Requests.Select(r => r.Session).Distinct().Order(StringComparer.Ordinal).ToArray())];
        for (var index = 0; index < 2; index++)
        {
            Assert.Equal(
                Enumerable.Range(0, SessionCount).Where(s => s % 2 == index).Select(s => scripts[s].Turns[0].User).Order(StringComparer.Ordinal),
                conversations[index]);
        }
        Assert.Empty(conversations[0].Intersect(conversations[1]));
        Assert.Equal(singleRequests.Select(r => r.Session).Distinct().Order(StringComparer.Ordinal), conversations.SelectMany(c => c).Order(StringComparer.Ordinal));
        Assert.Equal(singleRequests.Length, shards.Sum(s => s.Requests.Length));

        // and the records keep the run's session ids and run-wide request indexes: shard I's are I mod 2, so no two
        // shards' records share one (with --num-sessions a shard sends as many turns as its sessions have, so the
        // indexes may skip numbers), and the warm-up is the single run's first requests
        var records = shards.SelectMany(s => s.Result.Records).ToList();
        Assert.Equal(["s0", "s2", "s4", "s6"], shards[0].Result.Records.Select(r => r.SessionId!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["s1", "s3", "s5"], shards[1].Result.Records.Select(r => r.SessionId!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(shards.Select((s, index) => (s.Result.Records, index)), shard => Assert.All(shard.Records, r => Assert.Equal(shard.index, r.Index % 2)));
        Assert.Equal(SessionCount * Turns, records.Select(r => r.Index).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, Warmup), records.Where(r => r.Warmup).Select(r => r.Index).Order());
        Assert.All(records, r => Assert.Equal(r.Index < Warmup, r.Warmup));

        // and every session waited the think times it waits in the single run (drawn for the session, not the shard)
        var expected = ThinkTimes(single.Records);
        var actual = ThinkTimes(records);
        Assert.Equal(expected.Select(t => (t.Session, t.Turn)), actual.Select(t => (t.Session, t.Turn)));
        Assert.All(expected.Zip(actual), pair => Assert.InRange(Math.Abs(pair.First.ThinkMs - pair.Second.ThinkMs), 0, 1e-6));
        Assert.True(expected.Select(t => t.ThinkMs).Distinct().Count() > 1, "the think times are drawn, not fixed");

        // and the shards' session counts add up to the single run's
        Assert.Equal(new SessionCounts(SessionCount, SessionCount, 0, 0, 0, 0), single.Sessions);
        Assert.Equal(single.Sessions, SessionCounts.Sum(shards.Select(s => s.Result.Sessions!)));
    }

    [Fact]
    public async Task An_open_loops_session_rate_is_divided_between_the_shards()
    {
        // given sessions arriving at 100 per second, one every 10 ms
        var load = Load() with { Concurrency = null, RequestsPerSecond = 100, Arrival = new ArrivalProcess(ArrivalKind.Constant), NumSessions = 6 };

        // when it runs as two shards
        var shards = new[] { (await RunAsync(new ShardSpec(0, 2), load)).Result, (await RunAsync(new ShardSpec(1, 2), load)).Result };

        // then each shard started its three sessions at 50 per second, one every 20 ms, so together they offer the run's rate
        foreach (var shard in shards)
        {
            var firsts = shard.Records.Where(r => r.Turn == 1).Select(r => r.ScheduledAtMs).Order().ToArray();
            Assert.Equal(3, firsts.Length);
            Assert.All(firsts.Zip(firsts.Skip(1)), pair => Assert.Equal(20.0, pair.Second - pair.First, 3));
            Assert.Equal(new SessionCounts(3, 3, 0, 0, 0, 0), shard.Sessions);
        }
    }

    /// <summary>Each later turn's think time (from the end of the reply before it to when it was due), by session and turn.</summary>
    private static List<(string Session, int Turn, double ThinkMs)> ThinkTimes(IEnumerable<RequestRecord> records) =>
    [
        .. records.GroupBy(r => r.SessionId!)
            .SelectMany(session => session.OrderBy(r => r.Turn).Zip(session.OrderBy(r => r.Turn).Skip(1),
                (before, after) => (session.Key, after.Turn!.Value, after.ScheduledAtMs - before.DoneAtMs!.Value)))
            .OrderBy(t => t.Key, StringComparer.Ordinal).ThenBy(t => t.Item2),
    ];

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
