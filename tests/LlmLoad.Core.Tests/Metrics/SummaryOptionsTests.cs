using LlmLoad.Core.Metrics;
using Xunit;

namespace LlmLoad.Core.Tests.Metrics;

public sealed class SummaryOptionsTests
{
    [Fact]
    public void Default_options_are_valid()
    {
        SummaryOptions options = SummaryOptions.Default;

        IReadOnlyList<string> errors = options.Validate();

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_returns_every_problem()
    {
        var options = new SummaryOptions
        {
            MaxConcurrency = 0,
            RequestRate = double.PositiveInfinity,
            Slo = new RequestSlo { TtftMs = -1 },
        };

        IReadOnlyList<string> errors = options.Validate();

        Assert.Equal(3, errors.Count);
        Assert.Contains("max concurrency \"0\" must be at least 1", errors[0], StringComparison.Ordinal);
    }
}
