using LlmLoad.Core.Metrics;
using Xunit;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class PercentilesTests
{
    [Fact]
    public void A_single_sample_is_every_percentile()
    {
        double[] sorted = [42.5];

        double[] results = [.. new[] { 0.0, 50, 99.9, 100 }.Select(p => Percentiles.FromSorted(sorted, p))];

        Assert.All(results, r => Assert.Equal(42.5, r));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(50, 15)]
    [InlineData(90, 19)]
    [InlineData(99, 19.9)]
    [InlineData(100, 20)]
    public void Two_samples_interpolate_linearly_between_them(double percent, double expected)
    {
        double[] sorted = [10, 20];

        double result = Percentiles.FromSorted(sorted, percent);

        Assert.Equal(expected, result, 12);
    }

    [Theory]
    // numpy: np.percentile([1, 2, 3, 4], [25, 50, 90, 99]) == [1.75, 2.5, 3.7, 3.97]
    [InlineData(25, 1.75)]
    [InlineData(50, 2.5)]
    [InlineData(90, 3.7)]
    [InlineData(99, 3.97)]
    public void Percentiles_use_numpy_virtual_index_n_minus_1_times_p(double percent, double expected)
    {
        double[] sorted = [1, 2, 3, 4];

        double result = Percentiles.FromSorted(sorted, percent);

        Assert.Equal(expected, result, 12);
    }

    [Fact]
    public void Equal_samples_give_exactly_that_value_at_every_percentile()
    {
        double[] sorted = [0.1, 0.1, 0.1, 0.1, 0.1];

        double[] results = [.. new[] { 1.0, 33.3, 50, 90, 99.9 }.Select(p => Percentiles.FromSorted(sorted, p))];

        Assert.All(results, r => Assert.Equal(0.1, r));
    }

    [Fact]
    public void Huge_values_interpolate_without_overflow()
    {
        double[] sorted = [0, double.MaxValue];

        double median = Percentiles.FromSorted(sorted, 50);

        Assert.Equal(double.MaxValue / 2, median);
    }

    [Fact]
    public void Of_sorts_unsorted_samples_first()
    {
        double[] samples = [4, 1, 3, 2];

        double median = Percentiles.Of(samples, 50);

        Assert.Equal(2.5, median);
    }

    [Fact]
    public void No_samples_is_a_programming_error()
    {
        double[] sorted = [];

        void Act() => Percentiles.FromSorted(sorted, 50);

        Assert.Throws<ArgumentException>(Act);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(100.1)]
    [InlineData(double.NaN)]
    public void A_percent_outside_0_to_100_is_rejected(double percent)
    {
        double[] sorted = [1, 2];

        void Act() => Percentiles.FromSorted(sorted, percent);

        Assert.Throws<ArgumentOutOfRangeException>(Act);
    }
}
