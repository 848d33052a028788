using LlmLoad.Simulator.Virtual;

namespace LlmLoad.Simulator.Tests.Virtual;

public sealed class LatencySummaryTests
{
    [Fact]
    public void No_samples_give_an_empty_summary()
    {
        var summary = LatencySummary.From([]);

        Assert.Equal(0, summary.Count);
        Assert.True(double.IsNaN(summary.Mean) && double.IsNaN(summary.P99));
    }

    [Fact]
    public void One_sample_is_every_statistic()
    {
        var summary = LatencySummary.From([7.5]);

        Assert.Equal(new LatencySummary(1, 7.5, 7.5, 7.5, 7.5, 7.5, 7.5), summary);
    }

    [Fact]
    public void Two_samples_interpolate_linearly()
    {
        var summary = LatencySummary.From([2.0, 1.0]);

        Assert.Equal(new LatencySummary(2, 1.5, 1.5, 1.9, 1.95, 1.99, 2.0), summary);
    }

    [Fact]
    public void Percentiles_match_numpy_linear_interpolation()
    {
        // numpy.percentile(range(1, 101), [50, 90, 95, 99]) = [50.5, 90.1, 95.05, 99.01]
        var summary = LatencySummary.From([.. Enumerable.Range(1, 100).Select(i => (double)i).Reverse()]);

        Assert.Equal(50.5, summary.P50, 9);
        Assert.Equal(90.1, summary.P90, 9);
        Assert.Equal(95.05, summary.P95, 9);
        Assert.Equal(99.01, summary.P99, 9);
        Assert.Equal((50.5, 100.0), (summary.Mean, summary.Max));
    }
}
