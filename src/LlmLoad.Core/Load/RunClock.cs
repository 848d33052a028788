namespace LlmLoad.Core.Load;

/// <summary>
/// The run's time base: milliseconds on the monotonic clock since the run's origin, and the
/// wall-clock time of that origin so that any reading can be turned into absolute time.
/// </summary>
public sealed class RunClock
{
    private readonly TimeProvider _timeProvider;
    private readonly long _originTimestamp;

    public RunClock(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _originTimestamp = timeProvider.GetTimestamp();
        // sub-millisecond: ToUnixTimeMilliseconds would shift every absolute time of the run by up to 1 ms
        OriginUnixMs = (timeProvider.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalMilliseconds;
    }

    /// <summary>Wall-clock time of the origin, milliseconds since the Unix epoch.</summary>
    public double OriginUnixMs { get; }

    public TimeProvider TimeProvider => _timeProvider;

    /// <summary>Milliseconds elapsed since the origin.</summary>
    public double NowMs() => _timeProvider.GetElapsedTime(_originTimestamp).TotalMilliseconds;

    /// <summary>The wall-clock time of a reading of <see cref="NowMs"/>.</summary>
    public double ToUnixMs(double runMs) => OriginUnixMs + runMs;
}
