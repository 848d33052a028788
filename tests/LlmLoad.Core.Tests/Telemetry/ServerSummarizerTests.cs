using LlmLoad.Core.Telemetry;

namespace LlmLoad.Core.Tests.Telemetry;

public sealed class ServerSummarizerTests
{
    private static readonly Uri Url = new("http://engine:8000/metrics");

    private static ServerScrape Scrape(double atMs, double running, double waiting, double preemptions, double ttftFast, double ttftAll) =>
        new(Url, atMs, 1, PrometheusTextParser.Parse(
            $"vllm:num_requests_running{{model_name=\"m\"}} {running}\nvllm:num_requests_waiting{{model_name=\"m\"}} {waiting}\n" +
            $"vllm:num_preemptions_total{{model_name=\"m\"}} {preemptions}\n" +
            $"vllm:time_to_first_token_seconds_bucket{{le=\"0.1\",model_name=\"m\"}} {ttftFast}\n" +
            $"vllm:time_to_first_token_seconds_bucket{{le=\"1.0\",model_name=\"m\"}} {ttftAll}\n" +
            $"vllm:time_to_first_token_seconds_bucket{{le=\"+Inf\",model_name=\"m\"}} {ttftAll}\n" +
            $"vllm:time_to_first_token_seconds_count{{model_name=\"m\"}} {ttftAll}\nvllm:time_to_first_token_seconds_sum{{model_name=\"m\"}} {ttftAll * 0.2}\n"), null);

    [Fact]
    public void GaugesAverageTheWindowAndCountersAndHistogramsIncreaseFromTheBaseline()
    {
        ServerScrape[] scrapes =
        [
            Scrape(0, 0, 0, 100, 1000, 1000), // before the window: the baseline
            Scrape(1000, 8, 2, 103, 1000, 1010),
            Scrape(2000, 8, 6, 110, 1010, 1040),
            Scrape(3500, 0, 0, 110, 1010, 1040), // after the window: the end of the counters
        ];

        var summary = ServerSummarizer.Summarize(Url, scrapes, windowStartMs: 500, windowEndMs: 3000);

        Assert.Equal("vllm", summary.Engine);
        Assert.Equal(new ServerGauge(8, 8, 2), summary.Gauge(CommonMetric.Running));
        Assert.Equal(new ServerGauge(4, 6, 2), summary.Gauge(CommonMetric.Waiting));
        Assert.Equal(10, summary.Counter(CommonMetric.Preemptions));
        Assert.Equal(40, summary.Ttft!.Count);
        Assert.InRange(summary.Ttft.P50Ms!.Value, 100, 1000);
        Assert.Empty(summary.Notes);
    }

    [Fact]
    public void ACounterThatDropsWasResetAndCountsFromZero()
    {
        Assert.Equal(5 + 3 + 4, ServerSummarizer.Increase([10, 15, 3, 7]));
        Assert.Null(ServerSummarizer.Increase([null, null]));
    }

    [Fact]
    public void FailedScrapesAreNotedAndSkipped()
    {
        ServerScrape[] scrapes = [Scrape(0, 1, 0, 0, 0, 0), new(Url, 500, 1000, null, "HTTP 500"), Scrape(1000, 3, 0, 0, 0, 0)];

        var summary = ServerSummarizer.Summarize(Url, scrapes, 0, 1000);

        Assert.Equal(1, summary.FailedScrapes);
        Assert.Equal(2, summary.Gauge(CommonMetric.Running)!.Mean);
        Assert.Contains("1 of 3 scrapes", Assert.Single(summary.Notes));
    }
}
