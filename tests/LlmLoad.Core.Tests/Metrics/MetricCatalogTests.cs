using LlmLoad.Core.Metrics;
using Xunit;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class MetricCatalogTests
{
    [Fact]
    public void Keys_are_unique()
    {
        IEnumerable<string> keys = MetricCatalog.All.Select(m => m.Key);

        Assert.Equal(keys.Count(), keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("failed")]
    [InlineData("duration")]
    [InlineData("total_input_tokens")]
    [InlineData("total_output_tokens")]
    [InlineData("request_throughput")]
    [InlineData("request_goodput")]
    [InlineData("output_throughput")]
    [InlineData("total_token_throughput")]
    [InlineData("max_concurrency")]
    [InlineData("request_rate")]
    [InlineData("mean_ttft_ms")]
    [InlineData("median_tpot_ms")]
    [InlineData("std_itl_ms")]
    [InlineData("p99_e2el_ms")]
    [InlineData("mean_client_queue_time_ms")]
    [InlineData("p99_e2el_including_client_queue_ms")]
    [InlineData("p99.9_itl_ms")]
    [InlineData("p99.9_ttft_ms")]
    public void Keys_that_vllm_reports_keep_vllms_names(string vllmKey)
    {
        bool found = MetricCatalog.TryGet(vllmKey, out MetricDefinition? metric);

        Assert.True(found, vllmKey);
        Assert.Equal(vllmKey, metric!.Key);
    }

    /// <summary>
    /// Labels `vllm bench serve` prints in its result block, with the summary key of the quantity each one names
    /// (vLLM's vllm/benchmarks/serve.py, where the result block is printed). vLLM's peaks count
    /// events (one per chunk) and successful requests only, under the keys max_output_tokens_per_s and
    /// max_concurrent_requests, which ours are not.
    /// </summary>
    public static TheoryData<string, string> VllmPrintedLabels => new()
    {
        { "Successful requests", "completed" },
        { "Failed requests", "failed" },
        { "Maximum request concurrency", "max_concurrency" },
        { "Request rate configured (RPS)", "request_rate" },
        { "Benchmark duration (s)", "duration" },
        { "Total input tokens", "total_input_tokens" },
        { "Total generated tokens", "total_output_tokens" },
        { "Request throughput (req/s)", "request_throughput" },
        { "Request goodput (req/s)", "request_goodput" },
        { "Output token throughput (tok/s)", "output_throughput" },
        { "Peak output token throughput (tok/s)", "max_output_tokens_per_s" },
        { "Peak concurrent requests", "max_concurrent_requests" },
        { "Total token throughput (tok/s)", "total_token_throughput" },
    };

    [Theory]
    [MemberData(nameof(VllmPrintedLabels))]
    public void A_label_vllm_prints_is_used_only_for_the_quantity_vllm_prints_under_it(string vllmLabel, string vllmKey)
    {
        IEnumerable<MetricDefinition> sameLabel = MetricCatalog.All.Where(m => m.Label == vllmLabel);

        Assert.All(sameLabel, metric => Assert.Equal(vllmKey, metric.Key));
    }

    [Fact]
    public void Every_latency_metric_has_every_statistic()
    {
        int expected = MetricCatalog.LatencyMetrics.Count * MetricCatalog.LatencyStatistics.Count;

        int latencyKeys = MetricCatalog.All.Count(m => m.Unit == "ms");

        Assert.Equal(expected, latencyKeys);
        Assert.Equal("P99.9 TTFT (ms)", MetricCatalog.Get("p99.9_ttft_ms").Label);
    }

    [Fact]
    public void Every_metric_reads_an_empty_summary_and_formats_undefined_values_as_not_available()
    {
        RunSummary empty = RunSummarizer.Summarize([], SummaryOptions.Default);

        string[] texts = [.. MetricCatalog.All.Select(m => m.Format(empty))];

        Assert.Equal("0", MetricCatalog.Get("completed").Format(empty));
        Assert.Equal("n/a", MetricCatalog.Get("mean_ttft_ms").Format(empty));
        Assert.All(texts, t => Assert.False(string.IsNullOrEmpty(t)));
    }

    [Fact]
    public void Display_applies_the_scale_and_decimals_of_the_definition()
    {
        MetricDefinition successRate = MetricCatalog.Get("success_rate");

        string text = successRate.Format(0.98765);

        Assert.Equal("98.77", text);
    }

    [Fact]
    public void An_unknown_key_is_a_programming_error()
    {
        void Act() => MetricCatalog.Get("mean_ttfb_ms");

        Assert.Throws<KeyNotFoundException>(Act);
    }
}
