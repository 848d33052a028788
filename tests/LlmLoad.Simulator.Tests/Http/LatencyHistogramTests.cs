using LlmLoad.Simulator.Http;

namespace LlmLoad.Simulator.Tests.Http;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Buckets_are_cumulative_and_a_value_on_a_bound_counts_in_that_bucket()
    {
        var histogram = new LatencyHistogram([0.1, 1.0]);

        foreach (var seconds in (double[])[0.05, 0.1, 0.5, 1.0, 3.0])
        {
            histogram.Observe(seconds);
        }

        var (cumulative, sum) = histogram.Snapshot();
        Assert.Equal([2L, 4L, 5L], cumulative);
        Assert.Equal(4.65, sum, 9);
    }

    [Fact]
    public void An_observer_receives_each_value_the_histogram_counts()
    {
        var seen = new List<double>();
        var histogram = new LatencyHistogram([0.1, 1.0], seen.Add);

        histogram.Observe(0.05);
        histogram.Observe(3.0);

        Assert.Equal([0.05, 3.0], seen);
    }

    [Fact]
    public void An_empty_histogram_counts_nothing()
    {
        var histogram = new LatencyHistogram([0.1]);

        var (cumulative, sum) = histogram.Snapshot();

        Assert.Equal([0L, 0L], cumulative);
        Assert.Equal(0.0, sum);
    }
}
