using LlmLoad.Core.Telemetry;
using LlmLoad.Core.Tests.Workload;

namespace LlmLoad.Core.Tests.Telemetry;

public sealed class PrometheusTextParserTests
{
    private static PrometheusExposition Fixture(string name) => PrometheusTextParser.Parse(File.ReadAllText(TestFiles.Data("Prometheus/" + name)));

    [Fact]
    public void VllmV1PageReadsEverySampleWithItsTypeAndLabels()
    {
        var page = Fixture("vllm-v1.prom");

        Assert.Empty(page.Problems);
        Assert.Equal(PrometheusMetricType.Gauge, page.TypeOf("vllm:num_requests_running"));
        Assert.Equal(PrometheusMetricType.Histogram, page.TypeOf("vllm:time_to_first_token_seconds_bucket"));
        Assert.Equal(PrometheusMetricType.Counter, page.TypeOf("vllm:num_preemptions_total"));
        var running = Assert.Single(page.Samples, s => s.Name == "vllm:num_requests_running");
        Assert.Equal(12, running.Value);
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", running.Label("model_name"));
        Assert.Equal("0", running.Label("engine"));
        Assert.Equal(3, page.Samples.Count(s => s.Name == "vllm:request_success_total"));
        var inf = Assert.Single(page.Samples, s => s.Name == "vllm:time_to_first_token_seconds_bucket" && s.Label("le") == "+Inf");
        Assert.Equal(256, inf.Value);
    }

    [Fact]
    public void LabelValuesUnescapeBackslashQuoteAndNewline()
    {
        var page = PrometheusTextParser.Parse("m{path=\"C:\\\\dir\",quote=\"say \\\"hi\\\"\",nl=\"a\\nb\",} 1\n");

        var sample = Assert.Single(page.Samples);
        Assert.Equal("C:\\dir", sample.Label("path"));
        Assert.Equal("say \"hi\"", sample.Label("quote"));
        Assert.Equal("a\nb", sample.Label("nl"));
        Assert.Equal("m{nl=\"a\nb\",path=\"C:\\dir\",quote=\"say \"hi\"\"}", sample.Key);
    }

    [Fact]
    public void SpecialValuesTimestampsAndExemplarsAreRead()
    {
        var page = PrometheusTextParser.Parse(
            "a NaN\nb +Inf\nc -Inf 1712000000000\nd 1.5e3 1712000000.25\n" +
            "e_bucket{le=\"0.1\"} 4 # {trace_id=\"abc\"} 0.05 1712000000.0\n# EOF\n");

        Assert.Empty(page.Problems);
        Assert.True(double.IsNaN(page.Samples[0].Value));
        Assert.Equal(double.PositiveInfinity, page.Samples[1].Value);
        Assert.Equal(double.NegativeInfinity, page.Samples[2].Value);
        Assert.Equal(1712000000000, page.Samples[2].TimestampMs);
        Assert.Equal(1500, page.Samples[3].Value);
        Assert.Equal(1712000000250, page.Samples[3].TimestampMs);
        Assert.Equal(4, page.Samples[4].Value);
    }

    [Fact]
    public void BadLinesAreNamedAndSkippedWithoutLosingTheRest()
    {
        var page = PrometheusTextParser.Parse("good 1\n{no_name} 2\nbad{l=\"open} 3\nworse 1 2 3\nnot_a_number abc\nalso_good 5\n");

        Assert.Equal(["good", "also_good"], page.Samples.Select(s => s.Name));
        Assert.Equal(4, page.Problems.Count);
        Assert.StartsWith("line 2:", page.Problems[0]);
    }

    [Fact]
    public void GarbageHasNoSamples()
    {
        var page = PrometheusTextParser.Parse("<html><body>502 Bad Gateway</body></html>\n");

        Assert.Empty(page.Samples);
        Assert.NotEmpty(page.Problems);
    }

    [Fact]
    public void DcgmBlankSentinelIsRefusedAndTheGpusAreRead()
    {
        var page = Fixture("dcgm.prom");

        Assert.Single(page.Problems);
        Assert.Contains("sentinel", page.Problems[0]);
        Assert.Equal([97.0, 93.0], page.Samples.Where(s => s.Name == "DCGM_FI_DEV_GPU_UTIL").Select(s => s.Value));
        Assert.Equal("NVIDIA H100 80GB HBM3", page.Samples[0].Label("modelName"));
    }

    [Theory]
    [InlineData("vllm-0.8.prom", 4)]
    [InlineData("sglang.prom", 21)]
    [InlineData("tgi.prom", 15)]
    [InlineData("triton-trtllm.prom", 9)]
    public void EveryFixtureReadsCleanly(string fixture, int samples)
    {
        var page = Fixture(fixture);

        Assert.Empty(page.Problems);
        Assert.Equal(samples, page.Samples.Count);
    }
}
