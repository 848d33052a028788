using LlmLoad.Core.Load;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Schedules;

namespace LlmLoad.Core.Tests.Load;

public sealed class LoadRampTests
{
    [Theory]
    [InlineData("constant", 0.02)]
    [InlineData("poisson", 0.05)]
    public void A_rate_ramp_sends_the_integral_of_its_rate_and_each_second_follows_the_line(string arrival, double totalTolerance)
    {
        // given 0..200 req/s over 60 s: Λ(60) = (0 + 200) / 2 · 60 = 6000 arrivals, second k expecting 200 (k + 0.5) / 60
        var ramp = LoadRamp.TryParse("linear:0..200:60s", out _)!;

        // when
        double[] offsets = [.. ArrivalSchedule.RampOffsetsMs(ramp, ArrivalProcess.TryParse(arrival)!, seed: 3)];
        var perSecond = new int[60];
        foreach (var offset in offsets)
        {
            perSecond[Math.Min(59, (int)(offset / 1000))]++;
        }

        // then the total is the integral, every due time is inside the ramp, and the counts rise with the line:
        // each 10 s block (2000/6 · (2j + 1) expected) within 15% (Poisson's sd there is under 6%)
        Assert.InRange(offsets.Length, 6000 * (1 - totalTolerance), 6000 * (1 + totalTolerance));
        Assert.All(offsets, o => Assert.InRange(o, 0, 60_000));
        Assert.Equal(offsets.Order(), offsets);
        for (var block = 0; block < 6; block++)
        {
            var expected = 200.0 / 60 * 10 * (10 * block + 5);
            Assert.InRange(perSecond.Skip(10 * block).Take(10).Sum(), expected * 0.85, expected * 1.15);
        }
    }

    [Fact]
    public void Constant_arrivals_on_a_ramp_match_the_rate_second_by_second()
    {
        // given 10..30 req/s over 20 s: second k expects 10 + (k + 0.5) req/s
        var ramp = LoadRamp.TryParse("linear:10..30:20s", out _)!;

        // when
        var perSecond = ArrivalSchedule.RampOffsetsMs(ramp, new ArrivalProcess(ArrivalKind.Constant), seed: 0)
            .GroupBy(o => Math.Min(19, (int)(o / 1000))).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();

        // then within one arrival of the line in every second, 400 in all
        Assert.Equal(20, perSecond.Length);
        for (var k = 0; k < 20; k++)
        {
            Assert.InRange(perSecond[k], 10 + k + 0.5 - 1, 10 + k + 0.5 + 1);
        }
        Assert.InRange(perSecond.Sum(), 400, 401);
    }

    [Fact]
    public void A_users_ramp_starts_its_users_along_the_line()
    {
        // given 1..5 users over 8 s: user 0 at once, then one more every 2 s
        var ramp = LoadRamp.TryParse("users:linear:1..5:8s", out _)!;

        // when / then
        Assert.Equal(RampKind.Users, ramp.Kind);
        Assert.Equal([0, 2000, 4000, 6000, 8000], ramp.UserStartsMs());
    }

    [Theory]
    [InlineData("linear:0..200")]
    [InlineData("linear:a..200:60s")]
    [InlineData("linear:0..0:60s")]
    [InlineData("linear:0..200:0s")]
    [InlineData("linear:-5..200:60s")]
    [InlineData("users:linear:1..2.5:60s")]
    [InlineData("step:0..200:60s")]
    public void A_bad_spec_is_refused_with_the_reason(string text)
    {
        Assert.Null(LoadRamp.TryParse(text, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }
}
