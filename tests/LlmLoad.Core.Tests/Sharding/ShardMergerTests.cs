using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Sharding;
using LlmLoad.Core.Tests.Metrics;

namespace LlmLoad.Core.Tests.Sharding;

public sealed class ShardMergerTests
{
    private static readonly DateTimeOffset StartAt = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    /// <summary>Shard <paramref name="index"/> of <paramref name="count"/>, its clock's origin at <paramref name="originUnixMs"/>, holding <paramref name="records"/>.</summary>
    internal static ShardDirectory Shard(int index, int count, double originUnixMs, IReadOnlyList<RequestRecord> records,
        string runId = "run-a", JsonObject? configuration = null, ClientHealth? health = null, double startOffsetMs = 0, int users = 1)
    {
        var summary = RunSummarizer.Summarize(records, new SummaryOptions());
        var manifest = new ShardManifest(runId, new ShardSpec(index, count), $"host-{index}", StartAt, StartAt.AddMilliseconds(startOffsetMs), originUnixMs,
            new ShardShare(users, null, records.Count, 0), health, configuration ?? Configuration());
        return new ShardDirectory($"shard-{index}", manifest, new SavedRun("test-model", $"shard-{index}", summary, true, []) { Records = records });
    }

    internal static JsonObject Configuration(int outputTokens = 8) => new() { ["model"] = "test-model", ["concurrency"] = 2, ["output_tokens"] = outputTokens.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    [Fact]
    public void Records_move_onto_the_earliest_shards_clock_by_their_wall_clock_origins()
    {
        // given shard 1's clock started 500 ms after shard 0's
        var early = Shard(0, 2, 1_000_000, [Records.Ok(10, [110, 120], 2, index: 0)]);
        var late = Shard(1, 2, 1_000_500, [Records.Ok(10, [110, 120], 2, index: 1)]);

        // when
        var merged = ShardMerger.Merge([late, early]);

        // then every time of shard 1's record is 500 ms later on the merged clock
        Assert.Equal([0, 1], merged.Records.Select(r => r.Index));
        var moved = merged.Records[1];
        Assert.Equal(510, moved.SentAtMs);
        Assert.Equal(610, moved.FirstTokenAtMs);
        Assert.Equal([610, 620], moved.ChunkAtMs);
        Assert.Equal(620, moved.DoneAtMs);
        Assert.Equal(10, merged.Records[0].SentAtMs);
        Assert.Equal(1_000_000, merged.StartedAt.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Percentiles_are_computed_over_the_pooled_records_not_averaged_over_shards()
    {
        // given shard 0's three TTFTs of 100 ms and shard 1's four of 300 ms (the mean of the medians would be 200)
        var fast = Shard(0, 2, 0, [.. Enumerable.Range(0, 3).Select(i => Records.Ok(0, [100, 110], 2, index: 2 * i))]);
        var slow = Shard(1, 2, 0, [.. Enumerable.Range(0, 4).Select(i => Records.Ok(0, [300, 310], 2, index: 2 * i + 1))]);

        // when
        var merged = ShardMerger.Merge([fast, slow]);

        // then
        Assert.Equal(7, merged.Summary.Completed);
        Assert.Equal(300, merged.Summary.Ttft.P50);
        Assert.Equal(14, merged.Summary.TotalOutputTokens);
        Assert.Equal(2, merged.Shards.Count);
    }

    [Fact]
    public void Shards_of_different_runs_are_refused_naming_both_ids()
    {
        // given
        var a = Shard(0, 2, 0, [Records.Ok(0, [10], 1)], runId: "run-a");
        var b = Shard(1, 2, 0, [Records.Ok(0, [10], 1, index: 1)], runId: "run-b");

        // when
        var (refusals, _) = ShardMerger.Check([a, b]);

        // then
        var refusal = Assert.Single(refusals);
        Assert.Contains("run-a", refusal);
        Assert.Contains("run-b", refusal);
    }

    [Fact]
    public void Shards_of_different_configurations_are_refused_naming_the_field()
    {
        // given
        var a = Shard(0, 2, 0, [Records.Ok(0, [10], 1)], configuration: Configuration(outputTokens: 8));
        var b = Shard(1, 2, 0, [Records.Ok(0, [10], 1, index: 1)], configuration: Configuration(outputTokens: 9));

        // when
        var (refusals, _) = ShardMerger.Check([a, b]);

        // then
        var refusal = Assert.Single(refusals);
        Assert.Contains("\"output_tokens\" is \"9\" in shard-1 but \"8\" in shard-0", refusal);
    }

    [Fact]
    public void A_shard_given_twice_is_refused_and_a_missing_one_is_named()
    {
        // given shard 0 twice, of a run of three
        var a = Shard(0, 3, 0, [Records.Ok(0, [10], 1)]);

        // when
        var (refusals, missing) = ShardMerger.Check([a, a with { Path = "copy" }]);

        // then
        Assert.Contains("each hold shard 0/3", Assert.Single(refusals));
        Assert.Equal(["shard 1/3 of run run-a is not among the directories given.", "shard 2/3 of run run-a is not among the directories given."], missing);
    }

    [Fact]
    public void A_multi_turn_runs_turn_figures_come_from_the_pooled_records_and_its_session_counts_add_up()
    {
        // given sessions s0 and s2 on shard 0 (s2 cut after turn 1), s1 on shard 1 (its turn 2 failed), TTFTs by turn
        RequestRecord Turn(string session, int turn, int index, double ttftMs, int promptTokens) =>
            Records.Ok(0, [ttftMs, ttftMs + 10], 2, promptTokens: promptTokens, index: index) with { SessionId = session, Turn = turn };
        var first = Shard(0, 2, 0, [Turn("s0", 1, 0, 100, 10), Turn("s0", 2, 2, 120, 30), Turn("s2", 1, 4, 140, 10)]);
        var second = Shard(1, 2, 0, [Turn("s1", 1, 1, 300, 12), Records.Failed(0, 50, index: 3) with { SessionId = "s1", Turn = 2 }]);
        first = first with { Run = first.Run with { Sessions = new SessionCounts(2, 1, 0, 0, 1, 1) } };
        second = second with { Run = second.Run with { Sessions = new SessionCounts(1, 0, 1, 0, 0, 0) } };

        // when
        var merged = ShardMerger.Merge([first, second]);

        // then per turn over both shards' records: turn 1's median TTFT is the pooled one, not a mean of the shards'
        var multiTurn = merged.Summary.MultiTurn!;
        Assert.Equal([1, 2], multiTurn.ByTurn.Select(t => t.Turn));
        Assert.Equal((3, 3), (multiTurn.ByTurn[0].Requests, multiTurn.ByTurn[0].Completed));
        Assert.Equal(140, multiTurn.ByTurn[0].Ttft.P50);
        Assert.Equal((2, 1), (multiTurn.ByTurn[1].Requests, multiTurn.ByTurn[1].Completed));
        Assert.Equal(32.0 / 3, multiTurn.ByTurn[0].MeanInputTokens!.Value, 9);
        Assert.Equal((3, 1), (multiTurn.Sessions.Sessions, multiTurn.Sessions.EndedByFailure));
        // and the counts only the clients kept are the shards' added up
        Assert.Equal(new SessionCounts(3, 1, 1, 0, 1, 1), merged.Sessions);
    }

    [Fact]
    public void A_single_turn_run_has_no_session_counts_when_merged()
    {
        // when
        var merged = ShardMerger.Merge([Shard(0, 2, 0, [Records.Ok(0, [10], 1)]), Shard(1, 2, 0, [Records.Ok(0, [10], 1, index: 1)])]);

        // then
        Assert.Null(merged.Sessions);
        Assert.Null(merged.Summary.MultiTurn);
    }
}
