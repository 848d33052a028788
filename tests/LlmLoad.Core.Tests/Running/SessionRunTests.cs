using System.Diagnostics;
using LlmLoad.Core.Load;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Running;
using LlmLoad.Core.Schedules;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Tests.Running;

[Collection(TimingSensitive.Name)]
public sealed class SessionRunTests : IDisposable
{
    private readonly string _outputDir = Path.Combine(Path.GetTempPath(), $"llmload-sessions-{Guid.NewGuid():N}");

    private RunOptions Options(Uri baseUrl, WorkloadOptions workload, LoadOptions load) => new()
    {
        Endpoint = new EndpointOptions { BaseUrl = baseUrl },
        Workload = workload,
        Load = load,
        OutputDirectory = _outputDir,
    };

    private static WorkloadOptions Sessions(int turns) =>
        new() { MultiTurn = true, Turns = turns.ToString(System.Globalization.CultureInfo.InvariantCulture), InputTokens = "fixed:20", OutputTokens = "5", Seed = 3 };

    private static Task<RunResult> RunAsync(RunOptions options) =>
        new LevelRunner(TimeProvider.System).RunAsync(options, new RunProgress(), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Turn_k_resends_every_earlier_user_turn_and_the_servers_own_reply_byte_for_byte_in_order()
    {
        // given
        await using var server = await ChatCaptureServer.StartAsync();
        var options = Options(server.BaseUrl, Sessions(4), new LoadOptions { Concurrency = 4, NumSessions = 8 });

        // when
        var result = await RunAsync(options);

        // then every request is the conversation so far, the replies exactly as the server streamed them
        var requests = server.Requests.ToArray();
        Assert.Equal(8 * 4, requests.Length);
        foreach (var request in requests)
        {
            var roles = request.Messages.Select(m => m.Role).ToArray();
            Assert.Equal(Enumerable.Range(0, 2 * request.Turn - 1).Select(i => i % 2 == 0 ? "user" : "assistant"), roles);
            for (var i = 1; i < request.Messages.Length; i += 2)
            {
                Assert.Equal(ChatCaptureServer.ReplyTo(request.Messages[i - 1].Content, (i + 1) / 2), request.Messages[i].Content);
            }
        }
        // and turn k starts with exactly what turn k-1 sent
        var bySession = requests.GroupBy(r => r.Session).ToArray();
        Assert.Equal(8, bySession.Length);
        foreach (var session in bySession)
        {
            var turns = session.OrderBy(r => r.Turn).ToArray();
            Assert.Equal([1, 2, 3, 4], turns.Select(r => r.Turn));
            for (var k = 1; k < turns.Length; k++)
            {
                Assert.Equal(turns[k - 1].Messages, turns[k].Messages[..turns[k - 1].Messages.Length]);
            }
        }
        // and the records say which session and turn, with the prompt length of everything sent
        var records = result.Records;
        Assert.Equal(32, records.Count);
        Assert.All(records.GroupBy(r => r.SessionId), g => Assert.Equal([1, 2, 3, 4], g.Select(r => r.Turn!.Value).Order()));
        var tokenizer = TokenizerCatalog.Create(TokenizerCatalog.DefaultName);
        Assert.Equal(
            requests.Select(r => r.Messages.Sum(m => tokenizer.CountTokens(m.Content))).Order(),
            records.Select(r => r.PromptTokens).Order());
        Assert.Equal(new SessionCounts(8, 8, 0, 0, 0, 0), result.Sessions);
    }

    [Fact]
    public async Task Dataset_history_sends_the_datasets_replies_so_every_endpoint_gets_the_same_prompts()
    {
        // given
        await using var server = await ChatCaptureServer.StartAsync();
        var workload = Sessions(3) with { History = "dataset" };
        var options = Options(server.BaseUrl, workload, new LoadOptions { Concurrency = 2, NumSessions = 4 });
        var scripts = SessionWorkloadFactory.Build(workload, 4).Sessions;

        // when
        await RunAsync(options);

        // then each session's requests are exactly its script: user turns and the dataset's replies, never the server's
        var expected = scripts.Select(script => script.Turns.Select((turn, k) => script.Turns.Take(k)
            .SelectMany(earlier => new[] { ("user", earlier.User), ("assistant", earlier.DatasetReply!) })
            .Append(("user", turn.User)).ToArray()).ToArray()).ToArray();
        var sent = server.Requests.GroupBy(r => r.Session).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Turn).Select(r => r.Messages).ToArray());
        Assert.Equal(4, sent.Count);
        foreach (var session in expected)
        {
            Assert.Equal(session, sent[session[0][0].Item2]);
        }
    }

    [Fact]
    public async Task The_think_time_separates_a_reply_from_the_next_turn_and_is_in_no_latency()
    {
        // given
        var think = TimeSpan.FromMilliseconds(150);
        Assert.True(ThinkTime.TryParse("150ms", out var thinkTime, out _));
        await using var server = await ChatCaptureServer.StartAsync();
        var options = Options(server.BaseUrl, Sessions(3), new LoadOptions { Concurrency = 2, NumSessions = 4, ThinkTime = thinkTime });

        // when
        var result = await RunAsync(options);

        // then the server saw at least the think time between answering a turn and the next turn, and not much more
        foreach (var session in server.Requests.GroupBy(r => r.Session))
        {
            var turns = session.OrderBy(r => r.Turn).ToArray();
            for (var k = 1; k < turns.Length; k++)
            {
                var gap = Stopwatch.GetElapsedTime(turns[k - 1].AnsweredAt, turns[k].ArrivedAt);
                Assert.InRange(gap.TotalMilliseconds, think.TotalMilliseconds, think.TotalMilliseconds + 250);
            }
        }
        // and each later turn was due exactly one think time after the reply ended, so the wait is in no latency
        foreach (var session in result.Records.GroupBy(r => r.SessionId))
        {
            var turns = session.OrderBy(r => r.Turn).ToArray();
            for (var k = 1; k < turns.Length; k++)
            {
                Assert.Equal(turns[k - 1].DoneAtMs!.Value + think.TotalMilliseconds, turns[k].ScheduledAtMs, 6);
                Assert.InRange(turns[k].SentAtMs - turns[k].ScheduledAtMs, 0, 250);
            }
        }
        Assert.Equal(12, result.Records.Count);
    }

    [Fact]
    public async Task At_concurrency_100_every_session_sends_its_turns_in_order_one_at_a_time()
    {
        // given
        await using var server = await ChatCaptureServer.StartAsync();
        var options = Options(server.BaseUrl, Sessions(3), new LoadOptions { Concurrency = 100, NumSessions = 200 });

        // when
        var result = await RunAsync(options);

        // then
        var requests = server.Requests.ToArray();
        Assert.Equal(600, requests.Length);
        Assert.Equal(1, server.MaxInFlightPerSession);
        foreach (var session in requests.GroupBy(r => r.Session))
        {
            Assert.Equal([1, 2, 3], session.OrderBy(r => r.ArrivedAt).Select(r => r.Turn));
        }
        foreach (var session in result.Records.GroupBy(r => r.SessionId))
        {
            Assert.Equal([1, 2, 3], session.OrderBy(r => r.SentAtMs).Select(r => r.Turn!.Value));
        }
        Assert.Equal(new SessionCounts(200, 200, 0, 0, 0, 0), result.Sessions);
    }

    [Fact]
    public async Task A_failed_turn_ends_its_session_and_the_user_goes_on_to_the_next()
    {
        // given a server that fails every second turn
        await using var server = await ChatCaptureServer.StartAsync(fail: turn => turn == 2);
        var options = Options(server.BaseUrl, Sessions(3), new LoadOptions { Concurrency = 2, NumSessions = 5 });

        // when
        var result = await RunAsync(options);

        // then turn 3 is never sent, and every session was played
        Assert.Equal(10, result.Records.Count);
        Assert.Equal(5, result.Records.Count(r => r.Turn == 2 && r.Outcome == RequestOutcome.HttpStatus));
        Assert.DoesNotContain(result.Records, r => r.Turn == 3);
        Assert.Equal(new SessionCounts(Started: 5, Completed: 0, EndedByFailure: 5, EndedByContextLimit: 0, CutByRunEnd: 0, TurnsSkipped: 5), result.Sessions);
    }

    [Fact]
    public async Task A_session_ends_before_a_turn_that_would_exceed_the_context_and_it_is_not_an_error()
    {
        // given turn 1 fits (20 + 5 tokens) and turn 2 (two user turns and a reply, plus 5) does not
        await using var server = await ChatCaptureServer.StartAsync();
        var options = Options(server.BaseUrl, Sessions(4), new LoadOptions { Concurrency = 2, NumSessions = 3, MaxContextTokens = 30 });

        // when
        var result = await RunAsync(options);

        // then
        Assert.Equal(3, server.Requests.Count);
        Assert.All(result.Records, r => Assert.Equal((1, RequestOutcome.Ok), (r.Turn!.Value, r.Outcome)));
        Assert.Equal(0, result.Summary.Failed);
        Assert.Equal(new SessionCounts(3, 0, 0, EndedByContextLimit: 3, 0, TurnsSkipped: 9), result.Sessions);
        var written = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(result.OutputDirectory, SavedRun.SummaryFileName)))!["session_counts"]!;
        Assert.Equal((3, 3, 9), ((int)written["started"]!, (int)written["ended_by_context_limit"]!, (int)written["turns_not_sent"]!));
    }

    [Fact]
    public async Task The_request_count_still_counts_requests_and_cuts_the_sessions_it_ends()
    {
        // given
        await using var server = await ChatCaptureServer.StartAsync();
        var options = Options(server.BaseUrl, Sessions(4), new LoadOptions { Concurrency = 3, NumRequests = 10 });

        // when
        var result = await RunAsync(options);

        // then 10 requests; the sessions they ended are counted as cut, with the turns they did not send
        Assert.Equal(10, result.Records.Count);
        Assert.Equal(10, server.Requests.Count);
        var counts = result.Sessions!;
        Assert.Equal(counts.Started, counts.Completed + counts.CutByRunEnd);
        Assert.Equal(counts.Started * 4 - 10, counts.TurnsSkipped);
    }

    [Fact]
    public async Task An_open_loop_rate_is_a_session_arrival_rate()
    {
        // given
        await using var server = await ChatCaptureServer.StartAsync();
        var options = Options(server.BaseUrl, Sessions(2),
            new LoadOptions { Concurrency = null, RequestsPerSecond = 200, Arrival = new ArrivalProcess(ArrivalKind.Constant), NumSessions = 10 });

        // when
        var result = await RunAsync(options);

        // then the first turns went out on the schedule, 5 ms apart, and every session played both turns
        var firsts = result.Records.Where(r => r.Turn == 1).OrderBy(r => r.ScheduledAtMs).ToArray();
        Assert.Equal(10, firsts.Length);
        for (var i = 1; i < firsts.Length; i++)
        {
            Assert.Equal(5.0, firsts[i].ScheduledAtMs - firsts[i - 1].ScheduledAtMs, 3);
        }
        Assert.Equal(20, server.Requests.Count);
        Assert.Equal(new SessionCounts(10, 10, 0, 0, 0, 0), result.Sessions);
        // all ten start in the first second: a connection each was opened before the start, less the pre-flight's
        Assert.Equal(9, result.ClientHealth!.Connections!.Opened);
    }

    [Fact]
    public async Task Prefix_groups_send_exactly_G_distinct_system_messages_one_per_session()
    {
        // given
        await using var server = await ChatCaptureServer.StartAsync();
        var workload = Sessions(2) with { PrefixTokens = 32, PrefixGroups = 4 };
        var options = Options(server.BaseUrl, workload, new LoadOptions { Concurrency = 8, NumSessions = 40 });

        // when
        await RunAsync(options);

        // then
        var requests = server.Requests.ToArray();
        Assert.All(requests, r => Assert.Equal("system", r.Messages[0].Role));
        Assert.Equal(4, requests.Select(r => r.Messages[0].Content).Distinct().Count());
        Assert.All(requests.GroupBy(r => r.Messages[1].Content), session => Assert.Single(session.Select(r => r.Messages[0].Content).Distinct()));
    }

    public void Dispose()
    {
        if (Directory.Exists(_outputDir))
        {
            Directory.Delete(_outputDir, recursive: true);
        }
    }
}
