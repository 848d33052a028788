using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class SteadyWindowEstimatorTests
{
    private static SummaryOptions ClosedLoop(int users) => new() { MaxConcurrency = users };

    /// <summary>Two users, each request 4 tokens 25 ms apart (100 ms), sent back to back: the waves of a processor-sharing server.</summary>
    private static RequestRecord[] Lockstep(int waves) =>
    [
        .. from wave in Enumerable.Range(0, waves)
           from user in Enumerable.Range(0, 2)
           select Records.Ok(100.0 * wave, Records.Chunks(100.0 * wave + 25, 25, 4), outputTokens: 4, index: 2 * wave + user),
    ];

    [Fact]
    public void Three_waves_in_lockstep_read_the_servers_rate_exactly()
    {
        // given waves ending at 100, 200 and 300 ms: the window [first completion, last send] = [100, 200] holds
        // one wave of work, but two waves of completions (at 100 and at 200): counting completions would read 40 req/s

        // when
        SteadyWindow? steady = SteadyWindowEstimator.Estimate(Lockstep(3), ClosedLoop(2));

        // then 2 users / 100 ms
        Assert.NotNull(steady);
        Assert.Equal(0.1, steady.StartSeconds, 9);
        Assert.Equal(0.2, steady.EndSeconds, 9);
        Assert.Equal(20, steady.RequestsPerSecond, 9);
        Assert.Equal(80, steady.OutputTokensPerSecond, 9);
    }

    [Fact]
    public void Two_waves_in_lockstep_have_no_steady_window()
    {
        // given the first completions and the last sends at one instant (100 ms); the run has no drain, so the
        // whole-run figures are exact

        // when
        SteadyWindow? steady = SteadyWindowEstimator.Estimate(Lockstep(2), ClosedLoop(2));

        // then
        Assert.Null(steady);
    }

    [Fact]
    public void Mixed_lengths_read_the_token_rate_over_the_mean_length()
    {
        // given one user at 10 ms a token, outputs of 2, 4 and 2 tokens
        RequestRecord[] records =
        [
            Records.Ok(0, [10, 20], outputTokens: 2, index: 0),
            Records.Ok(20, [30, 40, 50, 60], outputTokens: 4, index: 1),
            Records.Ok(60, [70, 80], outputTokens: 2, index: 2),
        ];

        // when
        SteadyWindow? steady = SteadyWindowEstimator.Estimate(records, ClosedLoop(1));

        // then the window [20, 60] holds 4 tokens: 100 tok/s, and 100 / (8 / 3 tokens) = 37.5 req/s, the user's true rate
        Assert.NotNull(steady);
        Assert.Equal(100, steady.OutputTokensPerSecond, 9);
        Assert.Equal(37.5, steady.RequestsPerSecond, 9);
    }

    [Fact]
    public void A_request_across_a_window_edge_counts_for_the_tokens_made_inside()
    {
        // given two users; the window is [20, 40] (first completion, last send)
        RequestRecord[] records =
        [
            Records.Ok(0, [10, 20], outputTokens: 2, index: 0),
            Records.Ok(0, [15, 30, 45, 60], outputTokens: 4, index: 1),
            Records.Ok(20, [30, 40], outputTokens: 2, index: 2),
            Records.Ok(40, [50, 60, 70, 80], outputTokens: 4, index: 3),
        ];

        // when
        SteadyWindow? steady = SteadyWindowEstimator.Estimate(records, ClosedLoop(2));

        // then index 2 counts its 2 tokens, index 1 two thirds of the tokens at 30 and at 45 (each made over a 15 ms gap,
        // 10 ms of it inside): 10/3 tokens in 20 ms; the mean output is 3 tokens
        Assert.NotNull(steady);
        Assert.Equal(0.02, steady.StartSeconds, 9);
        Assert.Equal(0.04, steady.EndSeconds, 9);
        Assert.Equal(10.0 / 3 / 0.02, steady.OutputTokensPerSecond, 9);
        Assert.Equal(10.0 / 3 / 0.02 / 3, steady.RequestsPerSecond, 9);
    }

    [Fact]
    public void The_window_opens_once_the_last_warm_up_request_has_ended()
    {
        // given two users, one still on its warm-up request until 50 ms
        RequestRecord[] records =
        [
            Records.Ok(0, [25, 50], outputTokens: 2, index: 0) with { Warmup = true },
            Records.Ok(0, [15, 30], outputTokens: 2, index: 1),
            Records.Ok(30, [45, 60], outputTokens: 2, index: 2),
            Records.Ok(50, [65, 80], outputTokens: 2, index: 3),
            Records.Ok(60, [75, 90], outputTokens: 2, index: 4),
        ];

        // when
        SteadyWindow? steady = SteadyWindowEstimator.Estimate(records, ClosedLoop(2));

        // then it opens at 50 ms (not at the first completion, 30 ms), and closes at the last send
        Assert.NotNull(steady);
        Assert.Equal(0.05, steady.StartSeconds, 9);
        Assert.Equal(0.06, steady.EndSeconds, 9);
    }

    [Fact]
    public void One_wave_or_less_has_no_steady_window()
    {
        // given as many requests as users
        RequestRecord[] records = [.. Enumerable.Range(0, 4).Select(i => Records.Ok(0, [10, 20], outputTokens: 2, index: i))];

        // when / then
        Assert.Null(SteadyWindowEstimator.Estimate(records, ClosedLoop(4)));
        Assert.Null(SteadyWindowEstimator.Estimate([], ClosedLoop(1)));
    }

    [Fact]
    public void An_open_loop_uses_its_scheduled_window()
    {
        // given arrivals scheduled at 0, 100 and 200 ms, sent 5 ms late
        RequestRecord[] records =
        [
            .. Enumerable.Range(0, 3).Select(i => Records.Ok(100.0 * i + 5, Records.Chunks(100.0 * i + 55, 50, 2), outputTokens: 2, scheduledMs: 100.0 * i, index: i)),
        ];

        // when
        SteadyWindow? steady = SteadyWindowEstimator.Estimate(records, new SummaryOptions { RequestRate = 10, MaxConcurrency = 4 });

        // then from the first to the last scheduled arrival
        Assert.NotNull(steady);
        Assert.Equal(0, steady.StartSeconds, 9);
        Assert.Equal(0.2, steady.EndSeconds, 9);
    }

    [Fact]
    public void Without_output_tokens_each_request_counts_for_its_share_of_sent_to_done()
    {
        // given one user and answers without streamed tokens, 100 ms each
        RequestRecord[] records = [.. Enumerable.Range(0, 3).Select(i => Records.Ok(100.0 * i, [], outputTokens: 0, doneMs: 100.0 * i + 100, index: i))];

        // when
        SteadyWindow? steady = SteadyWindowEstimator.Estimate(records, ClosedLoop(1));

        // then the window [100, 200] holds the second request whole
        Assert.NotNull(steady);
        Assert.Equal(10, steady.RequestsPerSecond, 9);
        Assert.Equal(0, steady.OutputTokensPerSecond, 9);
    }

    [Fact]
    public void Failed_requests_shape_the_window_but_count_for_nothing()
    {
        // given a fast failure that is the first completion
        RequestRecord[] records =
        [
            Records.Failed(0, 5, index: 0),
            Records.Ok(0, [10, 20], outputTokens: 2, index: 1),
            Records.Ok(5, [15, 25], outputTokens: 2, index: 2),
            Records.Ok(20, [30, 40], outputTokens: 2, index: 3),
        ];

        // when
        SteadyWindow? steady = SteadyWindowEstimator.Estimate(records, ClosedLoop(2));

        // then [5, 20]: index 1 half its first token (made over 0..10) and its second, index 2 its first token and half
        // its second (made over 15..25): 3 tokens in 15 ms
        Assert.NotNull(steady);
        Assert.Equal(0.005, steady.StartSeconds, 9);
        Assert.Equal(3 / 0.015, steady.OutputTokensPerSecond, 9);
    }
}
