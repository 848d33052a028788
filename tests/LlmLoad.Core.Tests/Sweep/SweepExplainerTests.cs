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

        Assert.Equal(16, analysis.Breakpoint.Load);
        Assert.Equal(ExplanationKind.GatewayLimit, analysis.BreakpointExplanation!.Kind);
        Assert.Contains("http_status 503 x50", analysis.BreakpointExplanation.Evidence.Finding);
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
