using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class OpenLoopPaceTests
{
    /// <summary>101 requests scheduled every 10 ms (100 req/s), each sent <paramref name="lagMs"/>(i) late.</summary>
    private static RequestRecord[] Scheduled(Func<int, double> lagMs) =>
        Enumerable.Range(0, 101).Select(i => Records.Ok(sentMs: i * 10 + lagMs(i), chunksMs: [i * 10 + lagMs(i) + 50], outputTokens: 1, scheduledMs: i * 10, index: i)).ToArray();

    [Fact]
    public void Sends_on_time_keep_the_scheduled_rate()
    {
        var pace = OpenLoopPace.From(Scheduled(_ => 0.5))!;

        Assert.Equal(100, pace.ScheduledPerSecond, 6);
        Assert.Equal(100, pace.AchievedPerSecond, 6);
        Assert.Equal(0.5, pace.LagP99Ms, 6);
        Assert.True(pace.KeptRate);
    }

    [Fact]
    public void A_client_that_slips_further_behind_with_every_send_offers_less_than_the_schedule()
    {
        // the 1000 ms schedule takes 1100 ms to send: 100 gaps over 1.1 s
        var pace = OpenLoopPace.From(Scheduled(i => i))!;

        Assert.Equal(100 / 1.1, pace.AchievedPerSecond, 6);
        Assert.False(pace.KeptRate);
        Assert.Equal(99, pace.LagP99Ms, 6);
    }

    [Fact]
    public void The_lag_p99_is_the_summarys_client_queue_time_p99_over_the_same_successful_requests()
    {
        // every tenth request failed after being sent 500 ms late; the others went 1 ms late
        var records = Scheduled(i => i % 10 == 0 ? 500 : 1)
            .Select(record => record.Index % 10 == 0
                ? Records.Failed(record.SentAtMs, record.SentAtMs + 5, RequestOutcome.Connect, index: record.Index) with { ScheduledAtMs = record.ScheduledAtMs }
                : record)
            .ToArray();

        var pace = OpenLoopPace.From(records)!;
        var summary = RunSummarizer.Summarize(records, SummaryOptions.Default);

        Assert.Equal(summary.QueueTime.P99!.Value, pace.LagP99Ms, 9);
        Assert.Equal(1, pace.LagP99Ms, 9);
    }

    [Fact]
    public void Warm_up_requests_are_left_out_and_a_lone_request_has_no_pace()
    {
        var records = Scheduled(_ => 0).Select((record, i) => i < 100 ? record with { Warmup = true } : record).ToArray();

        Assert.Null(OpenLoopPace.From(records));
    }
}
