using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Transport;

/// <summary>
/// One cancellation source per request that fires on whichever deadline comes first: the TTFT
/// timeout before the first token, the idle timeout between reads after it, and the total timeout
/// always. It remembers which one it armed so a firing is classified, not guessed.
/// </summary>
internal sealed class RequestTimeouts : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly EndpointOptions _endpoint;
    private readonly RunClock _clock;
    private readonly double _sentAtMs;
    private RequestOutcome _armed;

    public RequestTimeouts(EndpointOptions endpoint, RunClock clock, double sentAtMs)
    {
        _endpoint = endpoint;
        _clock = clock;
        _sentAtMs = sentAtMs;
        // the run's TimeProvider drives the timers too, so tests can advance them by hand
        _source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, clock.TimeProvider);
        Arm(RequestOutcome.TimeoutTtft, endpoint.TtftTimeout);
    }

    public CancellationToken Token => _source.Token;

    /// <summary>The timeout class that fired (valid once <see cref="Token"/> is cancelled).</summary>
    public RequestOutcome Fired => _armed;

    /// <summary>Called on every read once text has started: restarts the idle deadline.</summary>
    public void OnActivity(bool firstTokenSeen)
    {
        if (firstTokenSeen)
        {
            Arm(RequestOutcome.TimeoutIdle, _endpoint.IdleTimeout);
        }
        else
        {
            // before the first token the TTFT deadline stays as it is, but an idle gap still counts
            var ttftLeft = _endpoint.TtftTimeout - TimeSpan.FromMilliseconds(_clock.NowMs() - _sentAtMs);
            if (_endpoint.IdleTimeout < ttftLeft)
            {
                Arm(RequestOutcome.TimeoutIdle, _endpoint.IdleTimeout);
            }
            else
            {
                Arm(RequestOutcome.TimeoutTtft, ttftLeft);
            }
        }
    }

    private void Arm(RequestOutcome kind, TimeSpan after)
    {
        var totalLeft = _endpoint.TotalTimeout - TimeSpan.FromMilliseconds(_clock.NowMs() - _sentAtMs);
        if (totalLeft <= after)
        {
            kind = RequestOutcome.TimeoutTotal;
            after = totalLeft;
        }
        _armed = kind;
        _source.CancelAfter(after < TimeSpan.Zero ? TimeSpan.Zero : after);
    }

    public void Dispose() => _source.Dispose();
}
