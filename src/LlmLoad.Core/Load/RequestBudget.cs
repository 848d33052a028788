using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Load;

/// <summary>
/// Hands out request indices when requests are not one per schedule slot (the turns of sessions): index <c>i</c>
/// is the run's i-th request, a warm-up one below <see cref="LoadOptions.WarmupRequests"/>. The budget ends at the
/// request count, or once the duration (counted from the end of warm-up) has passed. Thread-safe.
/// </summary>
public sealed class RequestBudget(LoadOptions options, RunClock clock)
{
    private int _next = -1;
    private double _measureStartMs = double.NaN;
    private volatile bool _exhausted;

    /// <summary>True once a claim was refused: no more requests go out.</summary>
    public bool Exhausted => _exhausted;

    private int TotalRequests => options.Duration is null && options.NumSessions is null ? options.WarmupRequests + options.NumRequests : int.MaxValue;

    /// <summary>Takes the next request index, or says the run has sent all it may.</summary>
    public bool TryClaim(out int index)
    {
        if (_exhausted)
        {
            index = -1;
            return false;
        }
        index = Interlocked.Increment(ref _next);
        var nowMs = clock.NowMs();
        if (index == options.WarmupRequests)
        {
            Volatile.Write(ref _measureStartMs, nowMs);
        }
        var durationElapsed = options.Duration is { } duration && index > options.WarmupRequests
            && nowMs - Volatile.Read(ref _measureStartMs) >= duration.TotalMilliseconds;
        if (index >= TotalRequests || durationElapsed)
        {
            _exhausted = true;
            return false;
        }
        return true;
    }
}
