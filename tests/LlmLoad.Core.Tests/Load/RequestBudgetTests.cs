using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using Microsoft.Extensions.Time.Testing;

namespace LlmLoad.Core.Tests.Load;

public sealed class RequestBudgetTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void The_budget_hands_out_warmup_plus_measured_indices_in_order_then_refuses_for_good()
    {
        var budget = new RequestBudget(new LoadOptions { NumRequests = 3, WarmupRequests = 2 }, new RunClock(_time));

        var claimed = Enumerable.Range(0, 5).Select(_ => budget.TryClaim(out var index) ? index : -1).ToArray();

        Assert.Equal([0, 1, 2, 3, 4], claimed);
        Assert.False(budget.Exhausted);
        Assert.False(budget.TryClaim(out _));
        Assert.True(budget.Exhausted);
        Assert.False(budget.TryClaim(out _));
    }

    [Fact]
    public void A_duration_counts_from_the_first_measured_request_and_ignores_the_request_count()
    {
        var budget = new RequestBudget(new LoadOptions { NumRequests = 1, WarmupRequests = 1, Duration = TimeSpan.FromSeconds(10) }, new RunClock(_time));

        Assert.True(budget.TryClaim(out _)); // warm-up
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(budget.TryClaim(out _)); // the measured part starts now
        _time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.True(budget.TryClaim(out var last));
        _time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal(2, last);
        Assert.False(budget.TryClaim(out _));
    }

    [Fact]
    public void A_session_count_bounds_the_run_instead_of_the_request_count()
    {
        var budget = new RequestBudget(new LoadOptions { NumRequests = 1, NumSessions = 2 }, new RunClock(_time));

        Assert.All(Enumerable.Range(0, 100), _ => Assert.True(budget.TryClaim(out _)));
    }
}
