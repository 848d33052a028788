using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Telemetry;

namespace LlmLoad.Core.Tests.Sweep;

public sealed class SweepExplainerTests
{
    private static SweepLevel Level(int concurrency, double rps, double running, double waiting, double kv, double preemptions, params ErrorCount[] errors)
    {
        var summary = new RunSummary { Completed = (int)(rps * 10), Failed = errors.Sum(e => e.Count), DurationSeconds = 10, ErrorsByClassAndStatus = errors };
        var server = new ServerSummary
        {
            Url = new Uri("http://engine/metrics"),
            Engine = "vllm",
            Gauges = new Dictionary<string, ServerGauge>
            {
                [CommonMetric.Running] = new(running, running, 10),
                [CommonMetric.Waiting] = new(waiting, waiting, 10),
                [CommonMetric.KvCacheUsage] = new(kv, kv, 10),
            },
            Counters = new Dictionary<string, double> { [CommonMetric.Preemptions] = preemptions },
        };
        return new SweepLevel(concurrency, summary).WithServer([server]);
    }

    [Fact]
    public void A_full_kv_cache_with_preemptions_explains_the_plateau_before_the_scheduler_cap()
    {
        SweepLevel[] levels = [Level(64, 10, 60, 0, 0.5, 0), Level(256, 20, 200, 40, 0.99, 3100), Level(512, 20, 210, 300, 0.99, 9000)];

        var analysis = SweepAnalyzer.Analyze(levels);

        Assert.Equal(ExplanationKind.KvCacheExhausted, analysis.PlateauExplanation!.Kind);
        Assert.Contains("99.0%", analysis.PlateauExplanation.Evidence.Finding);
        Assert.Contains("12,100 sequences", analysis.PlateauExplanation.Evidence.Finding);
        Assert.Contains(analysis.PlateauExplanation.Evidence.Finding[1..], analysis.Reading);
    }

    [Fact]
    public void Refusals_while_the_engine_queue_is_empty_are_a_gateway_limit()
    {
        SweepLevel[] levels = [Level(8, 10, 8, 0, 0.2, 0), Level(16, 10, 8, 0, 0.2, 0, new ErrorCount(RequestOutcome.HttpStatus, 503, 50))];

        var analysis = SweepAnalyzer.Analyze(levels);

        Assert.Equal(16, analysis.Breakpoint.Concurrency);
        Assert.Equal(ExplanationKind.GatewayLimit, analysis.BreakpointExplanation!.Kind);
        Assert.Contains("http_status 503 x50", analysis.BreakpointExplanation.Evidence.Finding);
    }

    [Fact]
    public void Streams_cut_short_while_the_engine_queue_is_full_are_still_a_limit_in_front_of_the_engine()
    {
        // given gpt-oss-20b's shape: a proxy that cuts streams above 1,500 in flight, in front of an engine that
        // runs 1,024 and queues every other request it is offered
        SweepLevel[] levels =
        [
            Level(1024, 220, 1024, 500, 0.13, 0),
            Level(1400, 260, 1024, 376, 0.13, 0),
            Level(2048, 239, 1024, 1024, 0.13, 0, new ErrorCount(RequestOutcome.StreamTruncated, 200, 232), new ErrorCount(RequestOutcome.Connect, null, 1)),
        ];

        var analysis = SweepAnalyzer.Analyze(levels);

        Assert.Equal(2048, analysis.Breakpoint.Concurrency);
        Assert.Equal(ExplanationKind.GatewayLimit, analysis.BreakpointExplanation!.Kind);
        Assert.Contains("233 requests failed in front of the engine (stream_truncated 200 x232, connect x1)", analysis.BreakpointExplanation.Evidence.Finding);
        Assert.Contains("held up to 2,048 (1,024 running + 1,024 waiting) of the 2,048 offered", analysis.BreakpointExplanation.Evidence.Finding);
        Assert.Equal(ExplanationKind.SchedulerFull, analysis.PlateauExplanation!.Kind);
    }

    [Fact]
    public void Gateway_timeouts_while_the_engine_holds_every_request_are_its_queue_not_a_gateway_limit()
    {
        // a 504 from a gateway waiting on a full engine queue: the queue is the cause
        SweepLevel[] levels =
        [
            Level(1024, 220, 1024, 0, 0.13, 0),
            Level(2048, 220, 1024, 1024, 0.13, 0, new ErrorCount(RequestOutcome.HttpStatus, 504, 100)),
        ];

        var analysis = SweepAnalyzer.Analyze(levels);

        Assert.Equal(2048, analysis.Breakpoint.Concurrency);
        Assert.Equal(ExplanationKind.SchedulerFull, analysis.BreakpointExplanation!.Kind);
    }

    [Fact]
    public void Without_any_scraped_page_there_is_no_explanation_and_the_reading_is_unchanged()
    {
        SweepLevel[] levels = [new(8, new RunSummary { Completed = 100, DurationSeconds = 10 }), new(16, new RunSummary { Completed = 100, DurationSeconds = 10 })];

        var analysis = SweepAnalyzer.Analyze(levels);

        Assert.Null(analysis.PlateauExplanation);
        Assert.DoesNotContain("server", analysis.Reading);
    }

    [Fact]
    public void A_page_without_engine_metrics_says_no_server_metrics()
    {
        var dcgmOnly = new ServerSummary { Url = new Uri("http://gpu:9400/metrics"), Engine = "dcgm" };
        SweepLevel[] levels = [new SweepLevel(8, new RunSummary { Completed = 100, DurationSeconds = 10 }).WithServer([dcgmOnly])];

        var analysis = SweepAnalyzer.Analyze(levels);

        Assert.Equal(ExplanationKind.NoServerMetrics, analysis.PlateauExplanation!.Kind);
        Assert.EndsWith("No server metrics, so no cause is given.", analysis.Reading);
    }
}
