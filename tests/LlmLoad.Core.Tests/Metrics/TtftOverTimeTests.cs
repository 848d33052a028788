using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using Xunit;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class TtftOverTimeTests
{
    [Fact]
    public void Each_ttft_counts_in_the_second_its_first_token_arrived()
    {
        // sent at 0 with first tokens at 100 and 900 ms (second 0); sent at 500, first token at 1700 ms (second 1)
        RequestRecord[] measured =
        [
            Records.Ok(0, [100, 2900], 2, index: 0),
            Records.Ok(0, [900, 2900], 2, index: 1),
            Records.Ok(500, [1700, 2950], 2, index: 2),
        ];
        TimeSeries series = TimeSeriesBuilder.Build(measured);

        TtftOverTime ttft = TtftOverTime.Build(measured, series);

        Assert.Equal(3, series.BucketCount);
        // numpy: percentile([100, 900], 50) = 500, 99 -> 100 + 0.99 * 800 = 892
        Assert.Equal(new double?[] { 500, 1200, null }, ttft.P50Ms);
        Assert.Equal(892, ttft.P99Ms[0]!.Value, 9);
        Assert.Equal(1200, ttft.P99Ms[1]);
        Assert.Null(ttft.P99Ms[2]);
    }

    [Fact]
    public void Failed_requests_and_requests_without_a_token_have_no_ttft()
    {
        RequestRecord[] measured =
        [
            Records.Ok(0, [200], 1, index: 0),
            Records.Failed(0, 300, RequestOutcome.HttpStatus, 503, index: 1),
        ];
        TimeSeries series = TimeSeriesBuilder.Build(measured);

        TtftOverTime ttft = TtftOverTime.Build(measured, series);

        Assert.Equal(new double?[] { 200 }, ttft.P50Ms);
    }

    [Fact]
    public void A_run_of_no_requests_has_no_buckets()
    {
        TtftOverTime ttft = TtftOverTime.Build([], TimeSeries.Empty);

        Assert.Empty(ttft.P50Ms);
        Assert.Empty(ttft.P99Ms);
    }
}
