using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using Xunit;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class RunSummarizerTests
{
    private static RunSummary Summarize(params RequestRecord[] records) =>
        RunSummarizer.Summarize(records, SummaryOptions.Default);

    [Fact]
    public void No_records_give_zero_counts_and_undefined_rates()
    {
        RequestRecord[] records = [];

        RunSummary summary = Summarize(records);

        Assert.Equal(0, summary.Completed);
        Assert.Equal(0, summary.DurationSeconds);
        Assert.Null(summary.SuccessRate);
        Assert.Null(summary.RequestsPerSecond);
        Assert.Null(summary.OutputTokensPerSecondPerUser);
        Assert.Equal(LatencyStats.Empty, summary.Ttft);
        Assert.Equal(0, summary.TimeSeries.BucketCount);
    }

    [Fact]
    public void Ttft_is_first_token_minus_sent_and_e2el_is_last_token_minus_sent()
    {
        RequestRecord record = Records.Ok(sentMs: 100, chunksMs: [350, 400, 600], outputTokens: 3, doneMs: 650);

        RunSummary summary = Summarize(record);

        Assert.Equal(250, summary.Ttft.Mean);
        Assert.Equal(500, summary.E2el.Mean); // last token, not done_at (vLLM's end point)
    }

    [Fact]
    public void Tpot_excludes_the_first_token()
    {
        RequestRecord record = Records.Ok(sentMs: 0, chunksMs: [200, 300, 400, 500, 600], outputTokens: 5);

        RunSummary summary = Summarize(record);

        Assert.Equal(100, summary.Tpot.Mean); // (600 - 200) / (5 - 1)
    }

    [Fact]
    public void Tpot_is_undefined_for_single_token_outputs()
    {
        RequestRecord single = Records.Ok(sentMs: 0, chunksMs: [200], outputTokens: 1);
        RequestRecord longer = Records.Ok(sentMs: 0, chunksMs: [100, 130], outputTokens: 2);

        RunSummary summary = Summarize(single, longer);

        Assert.Equal(1, summary.Tpot.Count);
        Assert.Equal(30, summary.Tpot.Mean); // not averaged with a 0 for the one-token request
        Assert.Equal(2, summary.Ttft.Count);
    }

    [Fact]
    public void Tpot_statistics_are_per_request_not_total_decode_time_over_total_tokens()
    {
        RequestRecord fast = Records.Ok(sentMs: 0, chunksMs: Records.Chunks(100, 10, 11), outputTokens: 11);
        RequestRecord slow = Records.Ok(sentMs: 0, chunksMs: [100, 200], outputTokens: 2);

        RunSummary summary = Summarize(fast, slow);

        Assert.Equal(55, summary.Tpot.Mean); // (10 + 100) / 2, while 200 ms / 11 gaps would be 18.2
    }

    [Fact]
    public void Itl_pools_every_gap_between_events_over_all_successful_requests()
    {
        RequestRecord first = Records.Ok(sentMs: 0, chunksMs: [100, 110, 130], outputTokens: 3);
        RequestRecord second = Records.Ok(sentMs: 0, chunksMs: [100, 160], outputTokens: 2);
        RequestRecord failed = Records.Failed(sentMs: 0, doneMs: 50) with { ChunkAtMs = [10, 1000] };

        RunSummary summary = Summarize(first, second, failed);

        Assert.Equal(3, summary.Itl.Count); // 10, 20 and 60; the failure's gap is not pooled
        Assert.Equal(30, summary.Itl.Mean);
        Assert.Equal(60, summary.Itl.Max);
    }

    [Fact]
    public void A_multi_token_event_is_one_itl_gap_and_raises_tokens_per_chunk()
    {
        RequestRecord chunked = Records.Ok(sentMs: 0, chunksMs: [100, 140, 180], outputTokens: 12, chunkTokens: [4, 4, 4]);

        RunSummary summary = Summarize(chunked);

        Assert.Equal(2, summary.Itl.Count);
        Assert.Equal(40, summary.Itl.Mean);
        Assert.Equal(4, summary.MeanTokensPerChunk);
        Assert.Equal(80.0 / 11, summary.Tpot.Mean!.Value, 12);
    }

    [Fact]
    public void Warmup_requests_are_excluded_from_every_aggregate()
    {
        RequestRecord warmup = Records.Ok(sentMs: 0, chunksMs: [5000], outputTokens: 1) with { Warmup = true };
        RequestRecord failedWarmup = Records.Failed(sentMs: 0, doneMs: 9000) with { Warmup = true };
        RequestRecord measured = Records.Ok(sentMs: 10_000, chunksMs: [10_100, 12_000], outputTokens: 2);

        RunSummary summary = Summarize(warmup, failedWarmup, measured);

        Assert.Equal(1, summary.Completed);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(100, summary.Ttft.Max);
        Assert.Equal(2, summary.DurationSeconds);
        Assert.Equal(10_000, summary.TimeSeries.StartMs);
    }

    [Fact]
    public void Cancelled_requests_are_neither_success_nor_failure()
    {
        RequestRecord ok = Records.Ok(sentMs: 0, chunksMs: [100, 200], outputTokens: 2);
        RequestRecord failed = Records.Failed(sentMs: 0, doneMs: 100, RequestOutcome.TimeoutTtft);
        RequestRecord cancelled = Records.Failed(sentMs: 0, doneMs: 300, RequestOutcome.Cancelled);

        RunSummary summary = Summarize(ok, failed, cancelled);

        Assert.Equal(1, summary.Completed);
        Assert.Equal(1, summary.Failed);
        Assert.Equal(1, summary.Cancelled);
        Assert.Equal(2, summary.Attempted);
        Assert.Equal(0.5, summary.SuccessRate);
        Assert.DoesNotContain(summary.ErrorsByClass, e => e.Outcome == RequestOutcome.Cancelled);
    }

    [Fact]
    public void Duration_runs_from_the_first_sent_to_the_last_done_of_any_outcome()
    {
        RequestRecord ok = Records.Ok(sentMs: 1000, chunksMs: [1100, 1500], outputTokens: 2, doneMs: 1600);
        RequestRecord lateFailure = Records.Failed(sentMs: 1200, doneMs: 4000, RequestOutcome.TimeoutTotal);

        RunSummary summary = Summarize(ok, lateFailure);

        Assert.Equal(3, summary.DurationSeconds);
    }

    [Fact]
    public void A_cancelled_request_does_not_stretch_the_duration_past_the_last_request_that_ended_on_its_own()
    {
        RequestRecord ok = Records.Ok(sentMs: 0, chunksMs: [100, 1500], outputTokens: 2, doneMs: 1600);
        RequestRecord failed = Records.Failed(sentMs: 500, doneMs: 2000, RequestOutcome.TimeoutTotal);
        RequestRecord cancelled = Records.Failed(sentMs: 1000, doneMs: 6000, RequestOutcome.Cancelled);

        RunSummary summary = Summarize(ok, failed, cancelled);

        Assert.Equal(2, summary.DurationSeconds); // ends at the failure, not at Ctrl-C
        Assert.Equal(0.5, summary.RequestsPerSecond);
        Assert.Equal(2, summary.TimeSeries.BucketCount);
    }

    [Fact]
    public void Tokens_a_cancelled_request_received_inside_the_window_count_in_output_totals_but_not_in_latencies()
    {
        RequestRecord ok = Records.Ok(sentMs: 0, chunksMs: [100, 1900], outputTokens: 4, doneMs: 2000);
        RequestRecord cancelled = Records.Failed(sentMs: 200, doneMs: 5000, RequestOutcome.Cancelled) with
        {
            FirstTokenAtMs = 300, LastTokenAtMs = 3000, ChunkAtMs = [300, 1000, 3000], ChunkTokens = [1, 2, 4],
            OutputTokens = 7, OutputTokensSource = "tokenizer", TokenizerOutputTokens = 7,
        };

        RunSummary summary = Summarize(ok, cancelled);

        Assert.Equal(4 + 1 + 2, summary.TotalOutputTokens); // the 4 tokens at 3000 ms came after the window
        Assert.Equal(3.5, summary.OutputTokensPerSecond);
        Assert.Equal(summary.TotalOutputTokens, summary.TimeSeries.OutputTokens.Sum());
        Assert.Equal(1, summary.Ttft.Count);
        Assert.Equal(100, summary.Ttft.Max);
        Assert.Equal(1, summary.Itl.Count);
    }

    [Fact]
    public void The_time_series_sums_to_total_output_tokens_when_usage_differs_from_the_tokenizer_counts_per_event()
    {
        // the server's usage says 30 and 12 tokens; our tokenizer counted 1 per event
        RequestRecord a = Records.Ok(sentMs: 0, chunksMs: [100, 900, 1500], outputTokens: 30, chunkTokens: [1, 1, 1], doneMs: 1500);
        RequestRecord b = Records.Ok(sentMs: 0, chunksMs: [200, 1200, 1400, 1999], outputTokens: 12, chunkTokens: [1, 1, 1, 1], doneMs: 2000);

        RunSummary summary = Summarize(a, b);

        Assert.Equal(42, summary.TotalOutputTokens);
        Assert.Equal(42, summary.TimeSeries.OutputTokens.Sum());
        Assert.Equal([20.0 + 3, 10.0 + 9], summary.TimeSeries.OutputTokens);
        Assert.Equal(21, summary.OutputTokensPerSecond);
        Assert.Equal(23, summary.PeakOutputTokensPerSecond);
    }

    [Fact]
    public void Throughputs_divide_successful_totals_by_duration()
    {
        RequestRecord a = Records.Ok(sentMs: 0, chunksMs: [500, 1000], outputTokens: 30, promptTokens: 100, doneMs: 1000);
        RequestRecord b = Records.Ok(sentMs: 1000, chunksMs: [1500, 2000], outputTokens: 10, promptTokens: 60, doneMs: 2000);
        RequestRecord failed = Records.Failed(sentMs: 0, doneMs: 2000);

        RunSummary summary = Summarize(a, b, failed);

        Assert.Equal(2, summary.DurationSeconds);
        Assert.Equal(160, summary.TotalInputTokens);
        Assert.Equal(40, summary.TotalOutputTokens);
        Assert.Equal(1, summary.RequestsPerSecond);
        Assert.Equal(80, summary.InputTokensPerSecond);
        Assert.Equal(20, summary.OutputTokensPerSecond);
        Assert.Equal(100, summary.TotalTokensPerSecond);
    }

    [Fact]
    public void Output_tokens_per_second_per_user_is_1000_over_mean_tpot()
    {
        RequestRecord a = Records.Ok(sentMs: 0, chunksMs: [100, 140], outputTokens: 5); // TPOT 10 ms
        RequestRecord b = Records.Ok(sentMs: 0, chunksMs: [100, 220], outputTokens: 5); // TPOT 30 ms

        RunSummary summary = Summarize(a, b);

        Assert.Equal(50, summary.OutputTokensPerSecondPerUser); // 1000 / 20, not the mean of 100 and 33.3
        Assert.Equal((100 + 1000.0 / 30) / 2, summary.DecodeTokensPerSecondPerRequest!.Value, 9);
    }

    [Fact]
    public void Queue_time_and_open_loop_latencies_are_measured_from_scheduled_at()
    {
        RequestRecord late = Records.Ok(sentMs: 250, chunksMs: [300, 500], outputTokens: 2, scheduledMs: 100);

        RunSummary summary = Summarize(late);

        Assert.Equal(150, summary.QueueTime.Mean);
        Assert.Equal(50, summary.Ttft.Mean);
        Assert.Equal(200, summary.OpenLoopTtft.Mean);
        Assert.Equal(400, summary.OpenLoopE2el.Mean);
    }

    [Fact]
    public void Latency_statistics_count_only_successful_requests()
    {
        RequestRecord ok = Records.Ok(sentMs: 0, chunksMs: [100, 200], outputTokens: 2);
        RequestRecord truncated = Records.Failed(sentMs: 0, doneMs: 9000, RequestOutcome.StreamTruncated) with
        {
            FirstTokenAtMs = 5000, LastTokenAtMs = 8000, ChunkAtMs = [5000, 8000], OutputTokens = 2,
        };

        RunSummary summary = Summarize(ok, truncated);

        Assert.Equal(1, summary.Ttft.Count);
        Assert.Equal(100, summary.Ttft.Max);
        Assert.Equal(1, summary.E2el.Count);
        Assert.Equal(1, summary.QueueTime.Count);
    }

    [Fact]
    public void Errors_are_counted_by_class_and_by_class_and_status_in_sorted_order()
    {
        RequestRecord[] records =
        [
            Records.Failed(0, 10, RequestOutcome.TimeoutTtft),
            Records.Failed(0, 10, RequestOutcome.HttpStatus, 503),
            Records.Failed(0, 10, RequestOutcome.HttpStatus, 429),
            Records.Failed(0, 10, RequestOutcome.HttpStatus, 503),
            Records.Failed(0, 10, RequestOutcome.Connect),
        ];

        RunSummary summary = Summarize(records);

        Assert.Equal(["connect: 1", "http_status: 3", "timeout_ttft: 1"],
            summary.ErrorsByClass.Select(e => $"{e.Label}: {e.Count}"));
        Assert.Equal(["connect: 1", "http_status 429: 1", "http_status 503: 2", "timeout_ttft: 1"],
            summary.ErrorsByClassAndStatus.Select(e => $"{e.Label}: {e.Count}"));
    }

    [Fact]
    public void Token_count_mismatch_compares_usage_with_tokenizer_where_both_exist()
    {
        RequestRecord agree = Records.Ok(0, [100, 200], 10) with { TokenizerOutputTokens = 10 };
        RequestRecord differ = Records.Ok(0, [100, 200], 10) with { TokenizerOutputTokens = 7 };
        RequestRecord differMore = Records.Ok(0, [100, 200], 10) with { TokenizerOutputTokens = 15 };
        RequestRecord usageOnly = Records.Ok(0, [100, 200], 10);

        RunSummary summary = Summarize(agree, differ, differMore, usageOnly);

        Assert.Equal(3, summary.TokenCounts.Compared);
        Assert.Equal(2, summary.TokenCounts.Mismatched);
        Assert.Equal(4, summary.TokenCounts.MeanAbsoluteDifference);
    }

    [Fact]
    public void Server_input_tokens_are_summed_where_reported_and_null_when_never_reported()
    {
        RequestRecord reported = Records.Ok(0, [100, 200], 2, promptTokens: 10) with { ServerPromptTokens = 25 };
        RequestRecord unreported = Records.Ok(0, [100, 200], 2, promptTokens: 10);

        RunSummary withServer = Summarize(reported, unreported);
        RunSummary withoutServer = Summarize(unreported);

        Assert.Equal(20, withServer.TotalInputTokens);
        Assert.Equal(25, withServer.TotalServerInputTokens);
        Assert.Null(withoutServer.TotalServerInputTokens);
    }

    [Fact]
    public void Goodput_counts_successful_requests_meeting_every_slo_per_second()
    {
        RequestRecord good = Records.Ok(0, [400, 500], 2, doneMs: 500);
        RequestRecord slowFirstToken = Records.Ok(0, [600, 700], 2);
        RequestRecord oneTokenGood = Records.Ok(0, [300], 1);
        RequestRecord failedFast = Records.Failed(0, 2000);
        var options = new SummaryOptions { Slo = new RequestSlo { TtftMs = 500, TpotMs = 100 } };

        RunSummary summary = RunSummarizer.Summarize([good, slowFirstToken, oneTokenGood, failedFast], options);

        Assert.Equal(2, summary.GoodRequests);
        Assert.Equal(1, summary.GoodputRequestsPerSecond); // 2 good / 2 s
        Assert.Equal(options.Slo, summary.Slo);
    }

    [Fact]
    public void Slo_attainment_counts_failed_requests_as_misses_and_leaves_cancelled_ones_out()
    {
        RequestRecord good = Records.Ok(0, [100, 150], 2); // TTFT 100, TPOT 50
        RequestRecord slowFirstToken = Records.Ok(0, [600, 620], 2); // TTFT 600 misses, TPOT 20 meets
        RequestRecord slowDecode = Records.Ok(0, [100, 400], 2); // TTFT meets, TPOT 300 misses
        RequestRecord failed = Records.Failed(0, 50);
        RequestRecord cancelled = Records.Failed(0, 60, RequestOutcome.Cancelled);
        var options = new SummaryOptions { Slo = new RequestSlo { TtftMs = 500, TpotMs = 100 } };

        RunSummary summary = RunSummarizer.Summarize([good, slowFirstToken, slowDecode, failed, cancelled], options);

        // attempted = 3 successful + 1 failed; the cancelled request is neither a hit nor a miss
        Assert.Equal(1, summary.GoodRequests);
        Assert.Equal(0.25, summary.SloAttainment);
        Assert.Equal(0.5, summary.SloAttainmentOf(RequestSloMetric.Ttft)); // good and slowDecode
        Assert.Equal(0.5, summary.SloAttainmentOf(RequestSloMetric.Tpot)); // good and slowFirstToken
        Assert.Null(summary.SloAttainmentOf(RequestSloMetric.E2el)); // no threshold
        Assert.Equal(0.25, MetricCatalog.Get("slo_attainment").ValueOf(summary));
        Assert.Equal(0.5, MetricCatalog.Get("slo_attainment_tpot").ValueOf(summary));
        Assert.Null(MetricCatalog.Get("slo_attainment_itl").ValueOf(summary));
    }

    [Fact]
    public void Slo_attainment_is_undefined_without_slos_or_without_attempts()
    {
        RunSummary withoutSlo = Summarize(Records.Ok(0, [100, 200], 2));
        RunSummary onlyCancelled = RunSummarizer.Summarize([Records.Failed(0, 60, RequestOutcome.Cancelled)],
            new SummaryOptions { Slo = new RequestSlo { TtftMs = 500 } });

        Assert.Null(withoutSlo.SloAttainment);
        Assert.Null(withoutSlo.SloAttainmentOf(RequestSloMetric.Ttft));
        Assert.Null(onlyCancelled.SloAttainment);
        Assert.Null(onlyCancelled.SloAttainmentOf(RequestSloMetric.Ttft));
    }

    [Fact]
    public void Goodput_is_undefined_without_slos()
    {
        RequestRecord record = Records.Ok(0, [100, 200], 2);

        RunSummary summary = Summarize(record);

        Assert.Null(summary.GoodRequests);
        Assert.Null(summary.GoodputRequestsPerSecond);
    }

    [Fact]
    public void Configuration_is_echoed_from_the_options()
    {
        var options = new SummaryOptions { MaxConcurrency = 32, RequestRate = 2.5 };

        RunSummary summary = RunSummarizer.Summarize([], options);

        Assert.Equal(32, summary.MaxConcurrency);
        Assert.Equal(2.5, summary.RequestRate);
    }

    [Fact]
    public void Peak_concurrency_and_peak_output_come_from_the_time_series()
    {
        RequestRecord a = Records.Ok(0, [100, 900], 8, doneMs: 1000);
        RequestRecord b = Records.Ok(500, [600, 1400], 4, doneMs: 1500);
        RequestRecord c = Records.Ok(1000, [1100, 1800], 2, doneMs: 1900);

        RunSummary summary = Summarize(a, b, c);

        Assert.Equal(2, summary.PeakConcurrency); // a ends exactly when c starts
        Assert.Equal(summary.TimeSeries.PeakInFlight, summary.PeakConcurrency);
        Assert.Equal(10, summary.PeakOutputTokensPerSecond); // first second: 4 + 4 + 2
    }
}
