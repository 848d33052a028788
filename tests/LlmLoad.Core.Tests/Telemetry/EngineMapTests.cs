using LlmLoad.Core.Telemetry;
using LlmLoad.Core.Tests.Workload;

namespace LlmLoad.Core.Tests.Telemetry;

public sealed class EngineMapTests
{
    private static PrometheusExposition Fixture(string name) => PrometheusTextParser.Parse(File.ReadAllText(TestFiles.Data("Prometheus/" + name)));

    [Theory]
    [InlineData("vllm-v1.prom", "vllm")]
    [InlineData("vllm-0.8.prom", "vllm")]
    [InlineData("sglang.prom", "sglang")]
    [InlineData("tgi.prom", "tgi")]
    [InlineData("triton-trtllm.prom", "tensorrt-llm")]
    [InlineData("dcgm.prom", "dcgm")]
    public void EachFixtureIsDetectedAsItsEngine(string fixture, string engine)
    {
        Assert.Equal(engine, EngineMap.Default.Detect(Fixture(fixture))?.Name);
    }

    [Fact]
    public void AnUnknownPageHasNoEngine()
    {
        Assert.Null(EngineMap.Default.Detect(PrometheusTextParser.Parse("process_cpu_seconds_total 12\n")));
    }

    [Theory]
    [InlineData("vllm-v1.prom", CommonMetric.Running, 12)]
    [InlineData("vllm-v1.prom", CommonMetric.Waiting, 30)]
    [InlineData("vllm-v1.prom", CommonMetric.KvCacheUsage, 0.875)]
    [InlineData("vllm-v1.prom", CommonMetric.Preemptions, 7)]
    [InlineData("vllm-0.8.prom", CommonMetric.KvCacheUsage, 0.0421)]
    [InlineData("sglang.prom", CommonMetric.Running, 48)]
    [InlineData("sglang.prom", CommonMetric.Waiting, 5)]
    [InlineData("sglang.prom", CommonMetric.KvCacheUsage, 0.28)]
    [InlineData("tgi.prom", CommonMetric.Running, 32)]
    [InlineData("tgi.prom", CommonMetric.Waiting, 17)]
    [InlineData("triton-trtllm.prom", CommonMetric.Running, 64)]
    [InlineData("triton-trtllm.prom", CommonMetric.Waiting, 9)]
    [InlineData("triton-trtllm.prom", CommonMetric.KvCacheUsage, 0.96)]
    [InlineData("dcgm.prom", CommonMetric.GpuUtilization, 95)]
    [InlineData("dcgm.prom", CommonMetric.GpuMemoryUsed, 146810)]
    public void CommonNamesReadTheEnginesValues(string fixture, string common, double expected)
    {
        var page = Fixture(fixture);

        Assert.Equal(expected, EngineMap.Default.Detect(page)![common]!.Read(page)!.Value, 9);
    }

    [Fact]
    public void VllmPrefixCacheAndHistogramsAreMapped()
    {
        var page = Fixture("vllm-v1.prom");
        var vllm = EngineMap.Default.Detect(page)!;

        Assert.Equal(10240, vllm[CommonMetric.PrefixCacheHitRate]!.Read(page));
        Assert.Equal(40960, vllm[CommonMetric.PrefixCacheHitRate]!.ReadDenominator(page));
        Assert.Equal(256, vllm[CommonMetric.ServerTtft]!.ReadHistogram(page)!.Count);
        Assert.Equal(256, vllm[CommonMetric.ServerQueueTime]!.ReadHistogram(page)!.Count);
    }
}
