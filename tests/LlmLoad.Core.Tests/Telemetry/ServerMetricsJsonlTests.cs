using LlmLoad.Core.Telemetry;

namespace LlmLoad.Core.Tests.Telemetry;

public sealed class ServerMetricsJsonlTests
{
    private static readonly Uri Url = new("http://engine:8000/metrics");

    [Fact]
    public void Scrapes_read_back_with_their_time_engine_common_metrics_and_errors()
    {
        // given a vLLM scrape, a failed one and a page of no known engine
        ServerScrape[] scrapes =
        [
            new(Url, 12.5, 3, PrometheusTextParser.Parse("vllm:num_requests_running{model_name=\"m\"} 8\nvllm:num_preemptions_total{model_name=\"m\"} 3\n"), null),
            new(Url, 1012.5, 2000, null, "no answer within 2 s"),
            new(new Uri("http://other:9000/metrics"), 1100, 1, PrometheusTextParser.Parse("some_gauge 1\n"), null),
        ];
        var stream = new MemoryStream();
        ServerMetricsJsonl.Write(stream, scrapes);

        // when
        var samples = ServerMetricsJsonl.Read(new StringReader(System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "{\"at_ms\": 20, \"ur"));

        // then the torn last line is skipped
        Assert.Equal(3, samples.Count);
        Assert.Equal((12.5, Url, "vllm", 8.0, 3.0), (samples[0].AtMs, samples[0].Url, samples[0].Engine, samples[0].Metric(CommonMetric.Running)!.Value, samples[0].Metric(CommonMetric.Preemptions)!.Value));
        Assert.Null(samples[0].Metric(CommonMetric.Waiting));
        Assert.Equal(("no answer within 2 s", null), (samples[1].Error, samples[1].Engine));
        Assert.Empty(samples[1].Metrics);
        Assert.Null(samples[2].Engine);
    }
}
