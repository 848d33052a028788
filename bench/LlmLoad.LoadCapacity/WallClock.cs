namespace LlmLoad.LoadCapacity;

/// <summary>
/// Wall-clock time in Unix microseconds. Both harness processes read the same machine clock, so a server
/// stamp and a client stamp can be subtracted; DateTime.UtcNow is CLOCK_REALTIME on Linux (sub-µs resolution).
/// </summary>
public static class WallClock
{
    public static long NowUnixMicroseconds() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
}
