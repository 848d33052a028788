using LlmLoad.Core.Schedules;

namespace LlmLoad.Core.Tests.Schedules;

public sealed class ArrivalScheduleTests
{
    [Fact]
    public void Constant_arrivals_are_evenly_spaced_from_zero()
    {
        // given / when
        var offsets = ArrivalSchedule.OffsetsMs(new ArrivalProcess(ArrivalKind.Constant), 4, seed: 1).Take(4).ToArray();

        // then
        Assert.Equal([0, 250, 500, 750], offsets);
    }

    [Theory]
    [InlineData("poisson", 1.0)]
    [InlineData("gamma:0.5", 2.0)]
    [InlineData("gamma:4", 0.25)]
    public void Arrivals_have_the_requested_mean_rate_and_the_gap_variance_of_their_process(string spec, double expectedCv2)
    {
        // given 20,000 arrivals at 100 req/s
        var process = ArrivalProcess.TryParse(spec)!;

        // when
        var offsets = ArrivalSchedule.OffsetsMs(process, 100, seed: 7).Take(20_001).ToArray();
        var gaps = offsets.Zip(offsets.Skip(1), (a, b) => b - a).ToArray();
        var mean = gaps.Average();
        var cv2 = gaps.Select(gap => (gap - mean) * (gap - mean)).Average() / (mean * mean);

        // then: mean gap 10 ms; squared coefficient of variation 1/shape (1 for Poisson)
        Assert.InRange(mean, 10 * 0.97, 10 * 1.03);
        Assert.InRange(cv2, expectedCv2 * 0.9, expectedCv2 * 1.1);
    }

    [Fact]
    public void The_same_seed_gives_the_same_schedule()
    {
        // given / when
        var first = ArrivalSchedule.OffsetsMs(ArrivalProcess.Poisson, 50, seed: 3).Take(100).ToArray();
        var second = ArrivalSchedule.OffsetsMs(ArrivalProcess.Poisson, 50, seed: 3).Take(100).ToArray();

        // then
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("Poisson", ArrivalKind.Poisson)]
    [InlineData("constant", ArrivalKind.Constant)]
    [InlineData("gamma:2.5", ArrivalKind.Gamma)]
    public void Arrival_specs_parse(string text, ArrivalKind kind)
    {
        Assert.Equal(kind, ArrivalProcess.TryParse(text)?.Kind);
    }

    [Theory]
    [InlineData("gamma")]
    [InlineData("gamma:0")]
    [InlineData("gamma:-1")]
    [InlineData("uniform")]
    public void Bad_arrival_specs_are_rejected(string text)
    {
        Assert.Null(ArrivalProcess.TryParse(text));
    }
}
