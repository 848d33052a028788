using LlmLoad.Core.Metrics;
using Xunit;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class RampTurnPointFinderTests
{
    private static TimeSeries Series(int[] completions, int[] errors) => new()
    {
        InFlightMean = [.. completions.Select(_ => 0.0)],
        InFlightMax = [.. completions.Select(_ => 0)],
        Completions = completions,
        OutputTokens = [.. completions.Select(_ => 0.0)],
        Errors = errors,
    };

    private static readonly double[] Offered = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

    [Fact]
    public void Ttft_turns_at_the_first_of_three_seconds_above_twice_the_floor()
    {
        // given p50s whose first five (100, 110, 90, 100, 105) have median 100, so the line is 200; second 6 (250) is a
        // lone spike that 7 (180) ends; 8, 10 and 11 are above it, and 9 has no first token (neither breaks nor counts)
        double?[] p50 = [100, 110, 90, 100, 105, 120, 250, 180, 210, null, 230, 260];
        var series = Series([.. Enumerable.Repeat(100, 12)], new int[12]);

        // when
        var turn = RampTurnPointFinder.Find(series, p50, [.. Offered, 110, 120]);

        // then
        Assert.NotNull(turn);
        Assert.Equal("ttft", turn.Reason);
        Assert.Equal(8, turn.TimeSeconds);
        Assert.Equal(90, turn.OfferedLoad);
        Assert.Equal(100, turn.TtftFloorMs);
        Assert.Equal(210, turn.TtftP50Ms);
    }

    [Fact]
    public void Errors_turn_at_the_first_second_with_failures_of_one_percent_of_its_completions()
    {
        // given 1 failure against 200 completions in second 3 (0.5%: not yet), 2 against 150 in second 5 (1.3%)
        var series = Series([100, 100, 100, 200, 150, 150, 150, 150, 150, 150], [0, 0, 0, 1, 0, 2, 5, 9, 9, 9]);
        double?[] p50 = [100, 100, 100, 100, 100, 100, 300, 300, 300, 300];

        // when
        var turn = RampTurnPointFinder.Find(series, p50, Offered);

        // then errors come first (TTFT would turn at 6)
        Assert.NotNull(turn);
        Assert.Equal("errors", turn.Reason);
        Assert.Equal(5, turn.TimeSeconds);
        Assert.Equal(60, turn.OfferedLoad);
        Assert.Equal(2, turn.Errors);
        Assert.Equal(150, turn.Completions);
    }

    [Fact]
    public void A_run_that_never_turns_has_no_turn_point()
    {
        var series = Series([.. Enumerable.Repeat(50, 10)], new int[10]);
        double?[] p50 = [100, 120, 110, 190, 150, 199, 180, 200, 170, 160];

        Assert.Null(RampTurnPointFinder.Find(series, p50, Offered));
    }
}
