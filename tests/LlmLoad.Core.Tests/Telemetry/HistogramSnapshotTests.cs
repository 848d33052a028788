using LlmLoad.Core.Telemetry;

namespace LlmLoad.Core.Tests.Telemetry;

public sealed class HistogramSnapshotTests
{
    private static HistogramSnapshot Page(params (string Le, double Count)[] buckets)
    {
        var text = string.Concat(buckets.Select(b => $"h_bucket{{le=\"{b.Le}\",model_name=\"m\"}} {b.Count}\n"))
            + $"h_count{{model_name=\"m\"}} {buckets[^1].Count}\nh_sum{{model_name=\"m\"}} 1\n";
        return HistogramSnapshot.From(PrometheusTextParser.Parse(text), "h")!;
    }

    [Fact]
    public void QuantileInterpolatesWithinTheBucketAsHistogramQuantileDoes()
    {
        var histogram = Page(("0.1", 0), ("0.2", 50), ("0.4", 100), ("+Inf", 100));

        Assert.Equal(0.15, histogram.Quantile(0.25)!.Value, 9);
        Assert.Equal(0.2, histogram.Quantile(0.5)!.Value, 9);
        Assert.Equal(0.396, histogram.Quantile(0.99)!.Value, 9);
    }

    [Fact]
    public void QuantileInTheInfBucketAnswersTheHighestFiniteBound()
    {
        Assert.Equal(0.4, Page(("0.4", 1), ("+Inf", 10)).Quantile(0.9));
    }

    [Fact]
    public void MinusIsTheIncreaseBetweenScrapes()
    {
        var delta = Page(("0.1", 10), ("1", 30), ("+Inf", 40)).Minus(Page(("0.1", 5), ("1", 10), ("+Inf", 10)));

        Assert.Equal([5.0, 20.0, 30.0], delta.Cumulative);
        Assert.Equal(30, delta.Count);
    }

    [Fact]
    public void ACounterResetBetweenScrapesKeepsTheLaterCounts()
    {
        var later = Page(("0.1", 2), ("1", 3), ("+Inf", 3));

        Assert.Same(later, later.Minus(Page(("0.1", 50), ("1", 90), ("+Inf", 100))));
    }

    [Fact]
    public void SeriesOfOneFamilyAddUp()
    {
        var page = PrometheusTextParser.Parse("h_bucket{le=\"1\",engine=\"0\"} 1\nh_bucket{le=\"+Inf\",engine=\"0\"} 2\nh_bucket{le=\"1\",engine=\"1\"} 3\nh_bucket{le=\"+Inf\",engine=\"1\"} 4\n");

        Assert.Equal([4.0, 6.0], HistogramSnapshot.From(page, "h")!.Cumulative);
        Assert.Null(HistogramSnapshot.From(page, "other"));
        Assert.Null(HistogramSnapshot.From(PrometheusTextParser.Parse("h_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 0\n"), "h")!.Quantile(0.5));
    }
}
