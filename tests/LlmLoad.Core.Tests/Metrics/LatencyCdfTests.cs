using LlmLoad.Core.Metrics;
using Xunit;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class LatencyCdfTests
{
    [Fact]
    public void No_samples_give_no_points()
    {
        Assert.Empty(LatencyCdf.Of([]));
    }

    [Fact]
    public void One_sample_is_one_point_holding_every_request()
    {
        Assert.Equal(new (double, double)[] { (12.5, 1.0) }, LatencyCdf.Of([12.5]));
    }

    [Fact]
    public void Few_samples_are_each_a_point_in_ascending_order_with_the_share_at_or_below_it()
    {
        var points = LatencyCdf.Of([40, 10, 30, 20]);

        Assert.Equal(new (double, double)[] { (10.0, 0.25), (20.0, 0.5), (30.0, 0.75), (40.0, 1.0) }, points);
    }

    [Fact]
    public void Equal_samples_climb_at_one_value()
    {
        var points = LatencyCdf.Of([7, 7, 7]);

        Assert.All(points, p => Assert.Equal(7, p.ValueMs));
        Assert.Equal(1.0, points[^1].Fraction);
    }

    [Fact]
    public void Many_samples_become_the_percentiles_of_an_even_grid()
    {
        // 0..1000 ms in 1001 samples: the p-th percentile (numpy linear) is 10 * p ms exactly
        double[] samples = [.. Enumerable.Range(0, 1001).Select(i => (double)i)];

        var points = LatencyCdf.Of(samples, maxPoints: 5);

        Assert.Equal(new (double, double)[] { (0.0, 0.0), (250.0, 0.25), (500.0, 0.5), (750.0, 0.75), (1000.0, 1.0) }, points);
    }

    [Fact]
    public void Non_finite_samples_are_left_out()
    {
        Assert.Equal(new (double, double)[] { (3.0, 1.0) }, LatencyCdf.Of([double.NaN, 3, double.PositiveInfinity]));
    }
}
