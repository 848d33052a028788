using LlmLoad.Core.Metrics;
using MathNet.Numerics.Statistics;
using Xunit;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class PercentilesCrossCheckTests
{
    /// <summary>
    /// Cross-check against an independent implementation: MathNet.Numerics'
    /// <c>Statistics.QuantileCustom(data, tau, QuantileDefinition.R7)</c>. Hyndman and Fan's R7 is
    /// numpy's default "linear" method (h = (n - 1) p), which is what vLLM reports. The samples are
    /// 5,000 log-normal-ish latencies from a constant seed so the run is repeatable; mean and
    /// population standard deviation are checked against MathNet too.
    /// </summary>
    [Fact]
    public void Percentiles_mean_and_std_match_MathNet_R7_on_seeded_random_latencies()
    {
        var random = new Random(20261128); // constant seed so runs are repeatable
        double[] samples = [.. Enumerable.Range(0, 5000).Select(_ => Math.Exp(3 + random.NextDouble() * 4 + random.NextDouble()))];
        double[] percents = [0, 1, 25, 50, 90, 95, 99, 99.9, 100];

        LatencyStats stats = LatencyStats.From(samples);
        double[] ours = [.. percents.Select(p => Percentiles.Of(samples, p))];

        double[] reference = [.. percents.Select(p => Statistics.QuantileCustom(samples, p / 100, QuantileDefinition.R7))];
        for (int i = 0; i < percents.Length; i++)
        {
            Assert.Equal(reference[i], ours[i], reference[i] * 1e-12);
        }
        Assert.Equal(reference[3], stats.P50!.Value, reference[3] * 1e-12);
        Assert.Equal(reference[6], stats.P99!.Value, reference[6] * 1e-12);
        Assert.Equal(reference[7], stats.P99_9!.Value, reference[7] * 1e-12);
        Assert.Equal(samples.Mean(), stats.Mean!.Value, stats.Mean.Value * 1e-12);
        Assert.Equal(samples.PopulationStandardDeviation(), stats.Std!.Value, stats.Std.Value * 1e-9);
    }
}
