using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Transport;
using Microsoft.Extensions.Time.Testing;

namespace LlmLoad.Core.Tests.Transport;

/// <summary>The lazy deadlines on a hand-driven clock: which timeout fires, and when.</summary>
public sealed class RequestTimeoutsTests
{
    private static readonly EndpointOptions Endpoint = new()
    {
        BaseUrl = new Uri("http://127.0.0.1:1"),
        TtftTimeout = TimeSpan.FromSeconds(10),
        IdleTimeout = TimeSpan.FromSeconds(3),
        TotalTimeout = TimeSpan.FromSeconds(60),
    };

    private readonly FakeTimeProvider _time = new();
    private readonly RunClock _clock;

    public RequestTimeoutsTests() => _clock = new RunClock(_time);

    [Fact]
    public void Without_any_read_the_ttft_timeout_fires_at_its_deadline()
    {
        using var timeouts = new RequestTimeouts(Endpoint, _clock, _clock.NowMs());

        AssertFiresIn(timeouts, TimeSpan.FromSeconds(10), RequestOutcome.TimeoutTtft);
    }

    [Fact]
    public void A_read_before_the_first_token_starts_an_idle_deadline_that_can_come_before_ttft()
    {
        using var timeouts = new RequestTimeouts(Endpoint, _clock, _clock.NowMs());

        // a role-only chunk at 1 s, then silence: idle ends at 4 s, before TTFT's 10 s
        _time.Advance(TimeSpan.FromSeconds(1));
        timeouts.OnActivity(firstTokenSeen: false, _clock.NowMs());

        AssertFiresIn(timeouts, TimeSpan.FromSeconds(3), RequestOutcome.TimeoutIdle);
    }

    [Fact]
    public void Steady_tokens_keep_the_request_alive_until_a_gap_longer_than_the_idle_timeout()
    {
        using var timeouts = new RequestTimeouts(Endpoint, _clock, _clock.NowMs());

        // a token every 2 s for 20 s: past TTFT's 10 s, never idle for 3 s
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            timeouts.OnActivity(firstTokenSeen: true, _clock.NowMs());
        }
        Assert.False(timeouts.Token.IsCancellationRequested);

        AssertFiresIn(timeouts, TimeSpan.FromSeconds(3), RequestOutcome.TimeoutIdle);
    }

    [Fact]
    public void The_total_timeout_fires_however_steady_the_tokens_are()
    {
        using var timeouts = new RequestTimeouts(Endpoint, _clock, _clock.NowMs());

        for (var i = 0; i < 59 && !timeouts.Token.IsCancellationRequested; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            timeouts.OnActivity(firstTokenSeen: true, _clock.NowMs());
        }
        Assert.False(timeouts.Token.IsCancellationRequested);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(timeouts.Token.IsCancellationRequested);
        Assert.Equal(RequestOutcome.TimeoutTotal, timeouts.Fired);
    }

    [Fact]
    public void A_disposed_request_never_fires()
    {
        var timeouts = new RequestTimeouts(Endpoint, _clock, _clock.NowMs());
        var token = timeouts.Token;

        timeouts.Dispose();
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(token.IsCancellationRequested);
    }

    /// <summary>Nothing has fired 1 ms before <paramref name="fromNow"/>; at it, <paramref name="expected"/> has.</summary>
    private void AssertFiresIn(RequestTimeouts timeouts, TimeSpan fromNow, RequestOutcome expected)
    {
        _time.Advance(fromNow - TimeSpan.FromMilliseconds(1));
        Assert.False(timeouts.Token.IsCancellationRequested);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(timeouts.Token.IsCancellationRequested);
        Assert.Equal(expected, timeouts.Fired);
    }
}
