using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class MultiTurnSummaryTests
{
    private static RequestRecord Turn(RequestRecord record, string session, int turn) => record with { SessionId = session, Turn = turn };

    [Fact]
    public void A_run_without_sessions_has_no_multi_turn_summary()
    {
        // given single-turn records
        RequestRecord[] records = [Records.Ok(0, [100, 110], 2), Records.Failed(0, 50)];

        // when
        var summary = RunSummarizer.Summarize(records, SummaryOptions.Default);

        // then
        Assert.Null(summary.MultiTurn);
        Assert.Null(MultiTurnSummary.From([]));
    }

    [Fact]
    public void Turns_are_summarised_by_index_with_prompt_length_ttft_and_tpot()
    {
        // given two sessions of two turns; prompts grow with the history; TTFT 100/300 ms on turn 1, 50/70 ms on turn 2
        RequestRecord[] records =
        [
            Turn(Records.Ok(0, [100, 120, 140], 3, promptTokens: 10), "a", 1),
            Turn(Records.Ok(1000, [1050, 1060], 2, promptTokens: 200), "a", 2),
            Turn(Records.Ok(0, [300, 340], 2, promptTokens: 30), "b", 1),
            Turn(Records.Ok(2000, [2070, 2080], 2, promptTokens: 400), "b", 2),
        ];

        // when
        var multiTurn = MultiTurnSummary.From(records)!;

        // then
        Assert.Equal([1, 2], multiTurn.ByTurn.Select(t => t.Turn));
        var first = multiTurn.ByTurn[0];
        Assert.Equal((2, 2), (first.Requests, first.Completed));
        Assert.Equal(20, first.MeanInputTokens);
        Assert.Equal(200, first.Ttft.Mean);
        Assert.Equal(200, first.Ttft.P50);
        // TPOT: (140-100)/2 = 20 and (340-300)/1 = 40
        Assert.Equal(30, first.Tpot.Mean);
        var second = multiTurn.ByTurn[1];
        Assert.Equal(300, second.MeanInputTokens);
        Assert.Equal(60, second.Ttft.Mean);
        Assert.Equal(10, second.Tpot.Mean);
    }

    [Fact]
    public void A_failed_turn_counts_in_its_turn_and_ends_its_session()
    {
        // given session a: two good turns; session b: a good turn, then a failed one (its last); session c: one turn cut by the user
        RequestRecord[] records =
        [
            Turn(Records.Ok(0, [100, 200], 2), "a", 1),
            Turn(Records.Ok(1000, [1100, 1200], 2, doneMs: 1210), "a", 2),
            Turn(Records.Ok(0, [150, 250], 2), "b", 1),
            Turn(Records.Failed(500, 900), "b", 2),
            Turn(Records.Failed(0, 400, RequestOutcome.Cancelled), "c", 1),
        ];

        // when
        var multiTurn = MultiTurnSummary.From(records)!;

        // then turn 2 had two requests, one completed; the cancelled one is in no turn
        Assert.Equal((2, 2), (multiTurn.ByTurn[0].Requests, multiTurn.ByTurn[0].Completed));
        Assert.Equal((2, 1), (multiTurn.ByTurn[1].Requests, multiTurn.ByTurn[1].Completed));
        Assert.Equal(100, multiTurn.ByTurn[1].Ttft.Mean);
        var sessions = multiTurn.Sessions;
        Assert.Equal(2, sessions.Sessions);
        Assert.Equal(1, sessions.EndedByFailure);
        Assert.Equal(1, sessions.Interrupted);
        // a completed 2 turns, b completed 1
        Assert.Equal(1.5, sessions.MeanTurnsCompleted);
        // durations: a 0 -> 1210, b 0 -> 900
        Assert.Equal(1055, sessions.DurationMs.Mean);
        Assert.Equal(1210, sessions.DurationMs.Max);
        // time to the session's last token: a 1200, b 250 (its failed turn brought none)
        Assert.Equal(725, sessions.TimeToLastTokenMs.Mean);
    }

    [Fact]
    public void Sessions_are_read_in_turn_order_whatever_the_record_order()
    {
        // given a session's records written as they finished, turn 2 before turn 1 (records are appended on completion)
        RequestRecord[] records =
        [
            Turn(Records.Failed(800, 900), "a", 2),
            Turn(Records.Ok(100, [200, 300], 2), "a", 1),
        ];

        // when
        var sessions = MultiTurnSummary.From(records)!.Sessions;

        // then the session started at turn 1's send and ended by turn 2's failure
        Assert.Equal(1, sessions.EndedByFailure);
        Assert.Equal(800, sessions.DurationMs.Mean);
    }

    [Fact]
    public void Warm_up_records_take_no_part()
    {
        // given a warm-up session and a measured one
        RequestRecord[] records =
        [
            Turn(Records.Ok(0, [100, 200], 2) with { Warmup = true }, "w", 1),
            Turn(Records.Ok(1000, [1100, 1200], 2), "m", 1),
        ];

        // when
        var multiTurn = RunSummarizer.Summarize(records, SummaryOptions.Default).MultiTurn!;

        // then
        Assert.Equal(1, multiTurn.Sessions.Sessions);
        Assert.Equal(1, multiTurn.ByTurn.Single().Requests);
    }
}
