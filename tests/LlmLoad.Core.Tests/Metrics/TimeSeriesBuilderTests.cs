using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using Xunit;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class TimeSeriesBuilderTests
{
    [Fact]
    public void No_records_give_an_empty_series()
    {
        RequestRecord[] records = [];

        TimeSeries series = TimeSeriesBuilder.Build(records);

        Assert.Equal(0, series.BucketCount);
        Assert.Equal(0, series.PeakInFlight);
    }

    [Fact]
    public void Buckets_are_one_second_from_the_first_sent_and_the_last_is_cut_at_the_end()
    {
        RequestRecord record = Records.Ok(sentMs: 5000, chunksMs: [5100, 7400], outputTokens: 2, doneMs: 7500);

        TimeSeries series = TimeSeriesBuilder.Build([record]);

        Assert.Equal(5000, series.StartMs);
        Assert.Equal(3, series.BucketCount); // [0, 1) [1, 2) [2, 2.5] s
        Assert.Equal([1.0, 1.0, 1.0], series.InFlightMean); // the half-second bucket is averaged over its own width
        Assert.Equal([1, 1, 1], series.InFlightMax);
    }

    [Fact]
    public void Offered_counts_requests_in_the_second_they_were_due_whatever_became_of_them()
    {
        // a late send still counts where it was due; a failure counts as offered too; one due before the first send
        // falls in the first bucket
        RequestRecord early = Records.Ok(sentMs: 1000, chunksMs: [1100], outputTokens: 1, scheduledMs: 990);
        RequestRecord late = Records.Ok(sentMs: 2100, chunksMs: [2200], outputTokens: 1, scheduledMs: 1500);
        RequestRecord failed = Records.Failed(sentMs: 2500, doneMs: 2600);
        RequestRecord last = Records.Ok(sentMs: 3000, chunksMs: [3100, 3400], outputTokens: 2, scheduledMs: 2999);

        TimeSeries series = TimeSeriesBuilder.Build([early, late, failed, last]);

        Assert.Equal([2, 2, 0], series.Offered);
    }

    [Fact]
    public void In_flight_is_time_weighted_per_bucket()
    {
        RequestRecord a = Records.Ok(sentMs: 0, chunksMs: [100, 1500], outputTokens: 2, doneMs: 1500);
        RequestRecord b = Records.Ok(sentMs: 500, chunksMs: [600, 2000], outputTokens: 2, doneMs: 2000);

        TimeSeries series = TimeSeriesBuilder.Build([a, b]);

        Assert.Equal([1.5, 1.5], series.InFlightMean); // (1000 + 500) ms / 1000 ms in both buckets
        Assert.Equal([2, 2], series.InFlightMax);
        Assert.Equal(2, series.PeakInFlight);
    }

    [Fact]
    public void A_request_ending_when_another_starts_does_not_overlap_it()
    {
        RequestRecord first = Records.Ok(sentMs: 0, chunksMs: [100, 1000], outputTokens: 2, doneMs: 1000);
        RequestRecord second = Records.Ok(sentMs: 1000, chunksMs: [1100, 2000], outputTokens: 2, doneMs: 2000);

        TimeSeries series = TimeSeriesBuilder.Build([first, second]);

        Assert.Equal(1, series.PeakInFlight);
        Assert.Equal([1, 1], series.InFlightMax);
    }

    [Fact]
    public void Many_short_requests_in_one_second_count_once_each_at_a_time()
    {
        RequestRecord[] sequential = [.. Enumerable.Range(0, 5).Select(i =>
            Records.Ok(sentMs: i * 200, chunksMs: [i * 200 + 100], outputTokens: 1, doneMs: i * 200 + 200))];

        TimeSeries series = TimeSeriesBuilder.Build(sequential);

        Assert.Equal(1, series.PeakInFlight); // per-second occupancy buckets would say 5 (vllm-project/vllm#56653)
        Assert.Equal([1.0], series.InFlightMean);
        Assert.Equal([5], series.Completions);
    }

    [Fact]
    public void Completions_and_errors_land_in_the_bucket_of_their_end_and_cancelled_is_neither()
    {
        RequestRecord ok = Records.Ok(sentMs: 0, chunksMs: [100, 1200], outputTokens: 2, doneMs: 1300);
        RequestRecord failed = Records.Failed(sentMs: 0, doneMs: 400, RequestOutcome.HttpStatus, 503);
        RequestRecord cancelled = Records.Failed(sentMs: 0, doneMs: 2500, RequestOutcome.Cancelled);

        TimeSeries series = TimeSeriesBuilder.Build([ok, failed, cancelled]);

        Assert.Equal([0, 1], series.Completions);
        Assert.Equal([1, 0], series.Errors);
        Assert.Equal([3, 2], series.InFlightMax); // the cancelled request was in flight all along; the window ends at 1300
    }

    [Fact]
    public void Output_tokens_go_to_the_bucket_of_the_event_that_carried_them()
    {
        RequestRecord record = Records.Ok(sentMs: 0, chunksMs: [500, 900, 1500], outputTokens: 9, chunkTokens: [1, 3, 5]);

        TimeSeries series = TimeSeriesBuilder.Build([record]);

        Assert.Equal([4.0, 5.0], series.OutputTokens);
        Assert.Equal(5, series.PeakOutputTokensPerSecond);
    }

    [Fact]
    public void Without_chunk_tokens_output_tokens_are_spread_evenly_over_events()
    {
        RequestRecord record = Records.Ok(sentMs: 0, chunksMs: [500, 900, 1500, 1600], outputTokens: 10);

        TimeSeries series = TimeSeriesBuilder.Build([record]);

        Assert.Equal([5.0, 5.0], series.OutputTokens);
    }

    [Fact]
    public void Per_event_counts_are_scaled_to_the_requests_output_tokens_in_whole_tokens()
    {
        // usage says 10; the tokenizer counted 1, 1 and 2 on the three events
        RequestRecord record = Records.Ok(sentMs: 0, chunksMs: [500, 900, 1500], outputTokens: 10, chunkTokens: [1, 1, 2]);

        TimeSeries series = TimeSeriesBuilder.Build([record]);

        Assert.Equal([5.0, 5.0], series.OutputTokens); // 2.5 + 2.5 shared as 2 + 3, then 5
    }

    [Fact]
    public void A_request_sent_after_the_last_one_that_ended_on_its_own_is_left_out_of_the_series()
    {
        RequestRecord ok = Records.Ok(sentMs: 0, chunksMs: [100, 900], outputTokens: 2, doneMs: 1000);
        RequestRecord cancelledLater = Records.Failed(sentMs: 1500, doneMs: 4000, RequestOutcome.Cancelled);

        TimeSeries series = TimeSeriesBuilder.Build([ok, cancelledLater]);

        Assert.Equal(1, series.BucketCount);
        Assert.Equal(1, series.PeakInFlight);
    }

    [Fact]
    public void Only_successful_requests_add_output_tokens()
    {
        RequestRecord truncated = Records.Failed(sentMs: 0, doneMs: 800, RequestOutcome.StreamTruncated) with
        {
            ChunkAtMs = [100, 200], OutputTokens = 2,
        };

        TimeSeries series = TimeSeriesBuilder.Build([truncated]);

        Assert.Equal([0.0], series.OutputTokens);
        Assert.Equal([1], series.Errors);
    }

    [Fact]
    public void An_event_exactly_at_the_end_of_the_run_belongs_to_the_last_bucket()
    {
        RequestRecord record = Records.Ok(sentMs: 0, chunksMs: [100, 2000], outputTokens: 2, doneMs: 2000);

        TimeSeries series = TimeSeriesBuilder.Build([record]);

        Assert.Equal(2, series.BucketCount);
        Assert.Equal([0, 1], series.Completions);
        Assert.Equal([1.0, 1.0], series.OutputTokens);
    }

    [Fact]
    public void A_run_of_zero_length_still_has_one_bucket()
    {
        RequestRecord instant = Records.Failed(sentMs: 100, doneMs: 100, RequestOutcome.Connect);

        TimeSeries series = TimeSeriesBuilder.Build([instant]);

        Assert.Equal(1, series.BucketCount);
        Assert.Equal([1], series.Errors);
        Assert.Equal([0.0], series.InFlightMean);
    }

    [Fact]
    public void A_users_ramp_offers_the_users_active_at_each_buckets_middle()
    {
        // 2 users at once, then one more each second up to 6 at 4 s
        var ramp = new LoadRamp(RampKind.Users, 2, 6, TimeSpan.FromSeconds(4));
        RequestRecord first = Records.Ok(sentMs: 0, chunksMs: [100], outputTokens: 1);
        RequestRecord last = Records.Ok(sentMs: 3000, chunksMs: [3900], outputTokens: 1, doneMs: 4000);

        int[] users = TimeSeriesBuilder.ActiveUsers(TimeSeriesBuilder.Build([first, last]), ramp);

        Assert.Equal([2, 3, 4, 5], users);
    }
}
