using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Telemetry;

namespace LlmLoad.Core.Tests.Telemetry;

public sealed class ServerSummaryJsonTests
{
    [Fact]
    public void A_server_block_reads_back_as_written()
    {
        // given a vLLM page and a DCGM page without a TTFT histogram
        ServerSummary[] written =
        [
            new()
            {
                Url = new Uri("http://gpu-box:8000/metrics"),
                Engine = "vllm",
                Scrapes = 21,
                FailedScrapes = 1,
                Gauges = new Dictionary<string, ServerGauge>
                {
                    [CommonMetric.Running] = new(941.5, 1024, 20),
                    [CommonMetric.Waiting] = new(230.25, 376, 20),
                    [CommonMetric.KvCacheUsage] = new(0.11, 0.13, 20),
                },
                Counters = new Dictionary<string, double> { [CommonMetric.Preemptions] = 3100 },
                PrefixCacheHitRate = 0.25,
                Ttft = new ServerLatency(6196, 1906.5, 1250, 5000, 7400),
                QueueTime = new ServerLatency(6196, 900, null, null, null),
                Notes = ["1 of 21 scrapes failed: HTTP 500."],
            },
            new() { Url = new Uri("http://gpu-box:9400/metrics"), Engine = "dcgm", Gauges = new Dictionary<string, ServerGauge> { [CommonMetric.GpuUtilization] = new(97, 100, 20) } },
        ];
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            ServerSummaryJson.Write(writer, written, null);
            writer.WriteEndObject();
        }

        // when
        var read = ServerSummaryJson.Read(JsonNode.Parse(stream.ToArray())![ServerSummaryJson.Key]);

        // then
        Assert.Equal(2, read.Count);
        var vllm = read[0];
        Assert.Equal((written[0].Url, "vllm", 21, 1), (vllm.Url, vllm.Engine, vllm.Scrapes, vllm.FailedScrapes));
        Assert.Equal(written[0].Gauges.OrderBy(g => g.Key), vllm.Gauges.OrderBy(g => g.Key));
        Assert.Equal(3100, vllm.Counter(CommonMetric.Preemptions));
        Assert.Equal(0.25, vllm.PrefixCacheHitRate);
        Assert.Equal(written[0].Ttft, vllm.Ttft);
        Assert.Equal(written[0].QueueTime, vllm.QueueTime);
        Assert.Equal(written[0].Notes, vllm.Notes);
        Assert.Null(read[1].Ttft);
        Assert.Equal(new ServerGauge(97, 100, 20), read[1].Gauge(CommonMetric.GpuUtilization));
        Assert.Same(vllm, ServerSummary.EnginePage(read));
    }

    [Fact]
    public void No_server_array_reads_as_no_pages()
    {
        Assert.Empty(ServerSummaryJson.Read(null));
        Assert.Empty(ServerSummaryJson.Read(JsonNode.Parse("""[{"engine": "vllm"}]""")));
    }
}
