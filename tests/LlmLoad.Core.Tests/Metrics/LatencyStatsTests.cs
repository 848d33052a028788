using LlmLoad.Core.Metrics;
using Xunit;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class LatencyStatsTests
{
    [Fact]
    public void No_samples_give_count_zero_and_no_values()
    {
        double[] samples = [];

        LatencyStats stats = LatencyStats.From(samples);

        Assert.Equal(0, stats.Count);
        Assert.Equal(LatencyStats.Empty, stats);
        Assert.Null(stats.Mean);
        Assert.Null(stats.Std);
        Assert.Null(stats.P99);
        Assert.Null(stats.Max);
    }

    [Fact]
    public void One_sample_is_its_own_mean_percentiles_and_extremes_with_zero_spread()
    {
        double[] samples = [12.5];

        LatencyStats stats = LatencyStats.From(samples);

        Assert.Equal(1, stats.Count);
        Assert.Equal(0, stats.Std);
        Assert.All(new[] { stats.Mean, stats.Min, stats.P50, stats.P90, stats.P95, stats.P99, stats.P99_9, stats.Max },
            v => Assert.Equal(12.5, v));
    }

    [Fact]
    public void Two_samples_give_hand_worked_statistics()
    {
        double[] samples = [20, 10];

        LatencyStats stats = LatencyStats.From(samples);

        Assert.Equal(2, stats.Count);
        Assert.Equal(15, stats.Mean);
        Assert.Equal(5, stats.Std); // population: sqrt(((10-15)^2 + (20-15)^2) / 2)
        Assert.Equal(10, stats.Min);
        Assert.Equal(15, stats.P50);
        Assert.Equal(19, stats.P90!.Value, 12);
        Assert.Equal(19.5, stats.P95!.Value, 12);
        Assert.Equal(19.9, stats.P99!.Value, 12);
        Assert.Equal(19.99, stats.P99_9!.Value, 12);
        Assert.Equal(20, stats.Max);
    }

    [Fact]
    public void Standard_deviation_is_the_population_one()
    {
        double[] samples = [2, 4, 4, 4, 5, 5, 7, 9];

        LatencyStats stats = LatencyStats.From(samples);

        Assert.Equal(5, stats.Mean);
        Assert.Equal(2, stats.Std); // the sample std (n - 1) would be 2.138
    }

    [Fact]
    public void Equal_samples_give_exactly_that_mean_and_zero_spread()
    {
        double[] samples = [0.1, 0.1, 0.1];

        LatencyStats stats = LatencyStats.From(samples);

        Assert.Equal(0.1, stats.Mean); // a plain sum / 3 would give 0.10000000000000002
        Assert.Equal(0, stats.Std);
        Assert.Equal(0.1, stats.P99);
    }

    [Fact]
    public void Huge_samples_do_not_overflow_the_mean()
    {
        double[] samples = [double.MaxValue, double.MaxValue, double.MaxValue / 2];

        LatencyStats stats = LatencyStats.From(samples);

        Assert.True(double.IsFinite(stats.Mean!.Value));
        Assert.Equal(double.MaxValue * (5.0 / 6), stats.Mean!.Value, double.MaxValue * 1e-12);
    }

    [Fact]
    public void Large_samples_with_a_small_spread_keep_the_spread_exact()
    {
        double[] samples = [1e12 + 1, 1e12 + 2, 1e12 + 3];

        LatencyStats stats = LatencyStats.From(samples);

        Assert.Equal(1e12 + 2, stats.Mean);
        Assert.Equal(Math.Sqrt(2.0 / 3), stats.Std!.Value, 9);
    }

    [Fact]
    public void The_order_of_samples_does_not_matter()
    {
        double[] ascending = [1, 2, 3, 5, 8, 13];
        double[] shuffled = [8, 1, 13, 3, 5, 2];

        LatencyStats fromAscending = LatencyStats.From(ascending);
        LatencyStats fromShuffled = LatencyStats.From(shuffled);

        Assert.Equal(fromAscending, fromShuffled);
    }

    [Fact]
    public void A_non_finite_sample_is_a_programming_error()
    {
        double[] samples = [1, double.NaN];

        void Act() => LatencyStats.From(samples);

        Assert.Throws<ArgumentException>(Act);
    }
}
