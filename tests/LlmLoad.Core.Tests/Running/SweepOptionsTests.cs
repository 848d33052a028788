using LlmLoad.Core.Validation;
using LlmLoad.Core.Running;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Transport;
using Xunit;

namespace LlmLoad.Core.Tests.Running;

public sealed class SweepOptionsTests
{
    private static SweepOptions Options(double scale, int? requestsPerLevel = null) => new()
    {
        Template = new RunOptions { Endpoint = new EndpointOptions { BaseUrl = new Uri("http://127.0.0.1") }, OutputDirectory = "out" },
        Plan = new ConcurrencyPlan([16, 4000]),
        RequestsPerLevel = requestsPerLevel,
        RequestsScale = scale,
    };

    [Theory]
    [InlineData(1000, 32, 0.1, 100)] // the baseline of the published study, quick
    [InlineData(300, 16, 0.1, 30)]
    [InlineData(100, 16, 0.1, 20)] // never fewer than 20
    [InlineData(12000, 4000, 0.1, 4000)] // never fewer than one per user: 1200 would never reach c=4000
    [InlineData(10, 4, 0.1, 10)] // never more than asked for
    [InlineData(1000, 32, 1, 1000)]
    [InlineData(7, 500, 1, 7)] // a full run sends what was asked, even below the concurrency
    public void Scaled_request_counts_keep_at_least_one_request_per_user_and_twenty_per_level(int requests, int concurrency, double scale, int expected)
    {
        // when
        int scaled = SweepOptions.ScaleRequests(requests, concurrency, scale);

        // then
        Assert.Equal(expected, scaled);
    }

    [Fact]
    public void A_level_scales_its_default_count_of_three_requests_per_user()
    {
        // given
        var options = Options(0.5);

        // when
        var counts = (options.RequestsAt(16), options.RequestsAt(4000));

        // then: max(3c, 300) halved, but at least c
        Assert.Equal((150, 6000), counts);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_scale_outside_0_to_1_is_refused(double scale)
    {
        // when
        var problems = Options(scale, 100).Validate();

        // then
        Assert.Single(problems, problem => problem.Field == OptionField.RequestsScale);
    }

    [Fact]
    public void Fewer_requests_per_level_than_a_levels_users_is_refused_unless_partial_levels_are_allowed()
    {
        // given 20 requests for levels 16 and 4000
        var options = Options(1, 20);

        // when
        var refused = options.Validate();
        var allowed = (options with { AllowPartialLevels = true }).Validate();
        var byDuration = (options with { DurationPerLevel = TimeSpan.FromSeconds(10) }).Validate();

        // then
        Assert.Equal([new OptionProblem(OptionField.RequestsPerLevel, "20", "is below the concurrency of level 4000, which would never have that many requests in flight; "
            + "raise it to 4000, keep {concurrency} at or below 20, or pass {allow_partial_levels} to run them anyway (they are left out of the verdicts).")], refused);
        Assert.Empty(allowed);
        Assert.Empty(byDuration);
    }
}
