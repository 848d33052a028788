using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Transport;

/// <summary>
/// One cancellation source per request that fires on whichever deadline comes first: the TTFT
/// timeout before the first token, the idle timeout between reads, and the total timeout always.
/// It records which one fired so a firing is classified, not guessed.
/// </summary>
/// <remarks>
/// The deadlines are lazy: a read only stores its time (two field writes), and the one timer, when it
/// fires, works out the earliest deadline from those fields and either cancels or re-arms itself for
/// the remainder, as Kestrel's heartbeat does. Re-arming the timer on every event took the timer
/// queue's lock per event (3.1 us per 100-token request). Reads only move the idle deadline later, except the
/// first, which may start an idle deadline earlier than the armed one: only then is the timer re-armed.
/// </remarks>
internal sealed class RequestTimeouts : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly EndpointOptions _endpoint;
    private readonly RunClock _clock;
    private readonly double _sentAtMs;
    private readonly ITimer _timer;
    private readonly Lock _arming = new();
    private double _armedForMs;
    private double _lastActivityMs = double.NaN;
    private bool _firstTokenSeen;
    private RequestOutcome _fired;

    public RequestTimeouts(EndpointOptions endpoint, RunClock clock, double sentAtMs)
    {
        _endpoint = endpoint;
        _clock = clock;
        _sentAtMs = sentAtMs;
        // the run's TimeProvider drives the timer, so tests can advance it by hand
        _timer = clock.TimeProvider.CreateTimer(static state => ((RequestTimeouts)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        ArmFor(NextDeadline().AtMs);
    }

    public CancellationToken Token => _source.Token;

    /// <summary>The timeout class that fired (valid once <see cref="Token"/> is cancelled).</summary>
    public RequestOutcome Fired => _fired;

    /// <summary>Called on every read, stamped <paramref name="atMs"/> on the run clock: restarts the idle deadline.</summary>
    public void OnActivity(bool firstTokenSeen, double atMs)
    {
        Volatile.Write(ref _lastActivityMs, atMs);
        Volatile.Write(ref _firstTokenSeen, firstTokenSeen);
        if (atMs + _endpoint.IdleTimeout.TotalMilliseconds < Volatile.Read(ref _armedForMs))
        {
            lock (_arming)
            {
                ArmFor(NextDeadline().AtMs);
            }
        }
    }

    /// <summary>The earliest deadline now in force: total always, TTFT until the first token, idle once anything was read.</summary>
    private (RequestOutcome Kind, double AtMs) NextDeadline()
    {
        var lastActivityMs = Volatile.Read(ref _lastActivityMs);
        var firstTokenSeen = Volatile.Read(ref _firstTokenSeen);
        // on a tie the total timeout wins, then TTFT over idle: the same order the classes are documented in
        var next = (Kind: RequestOutcome.TimeoutTotal, AtMs: _sentAtMs + _endpoint.TotalTimeout.TotalMilliseconds);
        if (!firstTokenSeen)
        {
            next = Earlier(next, (RequestOutcome.TimeoutTtft, _sentAtMs + _endpoint.TtftTimeout.TotalMilliseconds));
        }
        if (!double.IsNaN(lastActivityMs))
        {
            next = Earlier(next, (RequestOutcome.TimeoutIdle, lastActivityMs + _endpoint.IdleTimeout.TotalMilliseconds));
        }
        return next;
    }

    private static (RequestOutcome Kind, double AtMs) Earlier((RequestOutcome Kind, double AtMs) kept, (RequestOutcome Kind, double AtMs) other) =>
        other.AtMs < kept.AtMs ? other : kept;

    private void OnTimer()
    {
        lock (_arming)
        {
            var (kind, atMs) = NextDeadline();
            if (atMs > _clock.NowMs())
            {
                ArmFor(atMs);
                return;
            }
            _fired = kind;
            Volatile.Write(ref _armedForMs, double.NegativeInfinity);
        }
        _source.Cancel();
    }

    /// <summary>Sets the timer for <paramref name="deadlineMs"/>; callers hold <see cref="_arming"/> (the constructor needs none).</summary>
    private void ArmFor(double deadlineMs)
    {
        Volatile.Write(ref _armedForMs, deadlineMs);
        // rounded up: a timer armed for a fraction of a millisecond early would only fire to re-arm itself
        var dueMs = Math.Ceiling(Math.Max(0, deadlineMs - _clock.NowMs()));
        try
        {
            _timer.Change(TimeSpan.FromMilliseconds(dueMs), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // the request ended while the timer was firing: nothing left to time out
        }
    }

    // the source is not disposed: it owns no timer or wait handle, and a timer callback already running
    // when the request ends may still cancel it, harmlessly
    public void Dispose() => _timer.Dispose();
}
