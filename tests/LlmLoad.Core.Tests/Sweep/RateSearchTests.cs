using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Tests.Sweep;

public sealed class RateSearchTests
{
    private static readonly RatePrecision s_fivePercent = RatePrecision.Default;

    [Fact]
    public void The_search_probes_the_bottom_then_the_top_then_midpoints()
    {
        Assert.Equal(10, RateSearch.Next(10, 80, s_fivePercent, []));
        Assert.Equal(80, RateSearch.Next(10, 80, s_fivePercent, [Probe(10, true)]));
        Assert.Equal(45, RateSearch.Next(10, 80, s_fivePercent, [Probe(10, true), Probe(80, false)]));
        Assert.Equal(27.5, RateSearch.Next(10, 80, s_fivePercent, [Probe(10, true), Probe(80, false), Probe(45, false)]));
    }

    [Fact]
    public void A_failing_bottom_or_a_holding_top_ends_the_search()
    {
        Assert.Null(RateSearch.Next(10, 80, s_fivePercent, [Probe(10, false)]));
        Assert.Null(RateSearch.Answer([Probe(10, false)]));
        Assert.Null(RateSearch.Next(10, 80, s_fivePercent, [Probe(10, true), Probe(80, true)]));
        Assert.Equal(80, RateSearch.Answer([Probe(10, true), Probe(80, true)]));
    }

    [Fact]
    public void The_search_stops_once_the_bracket_is_within_the_precision()
    {
        // 40 held and 42 failed: 2 req/s apart is 5% of 40
        IReadOnlyList<RateProbe> probes = [Probe(10, true), Probe(80, false), Probe(40, true), Probe(42, false)];

        Assert.Null(RateSearch.Next(10, 80, s_fivePercent, probes));
        Assert.Equal(41, RateSearch.Next(10, 80, new RatePrecision(1, Relative: false), probes));
        Assert.Equal((40.0, 42.0), RateSearch.Bracket(probes));
    }

    [Fact]
    public void A_noisy_failure_below_the_highest_rate_that_held_does_not_move_the_bracket_down()
    {
        IReadOnlyList<RateProbe> probes = [Probe(10, true), Probe(80, false), Probe(30, false), Probe(50, true)];

        Assert.Equal((50.0, 80.0), RateSearch.Bracket(probes));
        Assert.Equal(65, RateSearch.Next(10, 80, s_fivePercent, probes));
    }

    [Fact]
    public void Bisection_against_a_known_threshold_lands_within_the_precision()
    {
        // given an endpoint whose attainment holds up to 41.86 req/s
        const double truth = 41.86;
        var probes = new List<RateProbe>();

        // when
        while (RateSearch.Next(1, 200, s_fivePercent, probes) is { } rate)
        {
            probes.Add(Probe(rate, rate <= truth));
        }

        // then
        var (held, failed) = RateSearch.Bracket(probes)!.Value;
        Assert.InRange(truth, held, failed);
        Assert.True(failed - held <= 0.05 * held);
        Assert.True(probes.Count <= 12, $"{probes.Count} probes");
    }

    [Theory]
    [InlineData("5%", 0.05, true)]
    [InlineData("2", 2, false)]
    [InlineData("0.5", 0.5, false)]
    public void A_precision_is_a_share_of_the_rate_or_requests_per_second(string text, double value, bool relative)
    {
        Assert.Equal(new RatePrecision(value, relative), RatePrecision.TryParse(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("0%")]
    [InlineData("100%")]
    [InlineData("-1")]
    [InlineData("fast")]
    public void A_bad_precision_is_one_line_with_the_fix(string text)
    {
        Assert.Null(RatePrecision.TryParse(text, out var problem));
        Assert.Equal($"--precision \"{text}\" must be a share of the rate below 100% (e.g. 5%) or a width in requests per second (e.g. 2).", problem);
    }

    private static RateProbe Probe(double rate, bool holds) =>
        new(new SweepLevel(LoadPoint.Rate(rate), new RunSummary()), holds ? 1 : 0, holds);
}
