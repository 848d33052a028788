using LlmLoad.Core.Metrics;

namespace LlmLoad.LoadCapacity.TraceArrival;

/// <summary>
/// How far a replay's arrivals were from their trace times, in ms, with the arrivals counted from two origins: the one
/// that fits them best (the run's start plus the median lateness: a server's log has no other origin, and the constant
/// network delay cancels) and the run's start itself (the scheduler's origin, so that delay is included). Counting from
/// the first arrival instead moved every offset by however late that one request was (1-3 ms in a process's first replay).
/// </summary>
/// <param name="AlignmentMs">The median of arrival − run start − trace offset.</param>
/// <param name="Aligned">|arrival − run start − alignment − trace offset|.</param>
/// <param name="FromRunStart">|arrival − run start − trace offset|.</param>
public sealed record TraceError(double AlignmentMs, LatencyStats Aligned, LatencyStats FromRunStart)
{
    /// <summary>Pure: from each request's arrival − run start − trace offset.</summary>
    public static TraceError From(IReadOnlyList<double> lateMs)
    {
        var alignmentMs = lateMs.Count == 0 ? 0 : Percentiles.Of(lateMs, 50);
        return new TraceError(alignmentMs, LatencyStats.From(lateMs.Select(late => Math.Abs(late - alignmentMs))), LatencyStats.From(lateMs.Select(Math.Abs)));
    }
}
