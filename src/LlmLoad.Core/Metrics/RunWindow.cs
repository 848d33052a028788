using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Metrics;

/// <summary>
/// The span a run's rates and time series are measured over, in ms on the run clock: from the first measured
/// <c>sent_at</c> to the last end (<see cref="RequestLatency.EndMs"/>) of a measured request that was not cancelled.
/// A request cancelled by Ctrl-C ends when the user stopped the run, not when the endpoint answered, so letting it
/// end the window would dilute every rate by however long the user waited before pressing Ctrl-C. When every
/// measured request was cancelled there is no such end and the last cancellation closes the window.
/// </summary>
public readonly record struct RunWindow(double StartMs, double EndMs)
{
    public double Seconds => (EndMs - StartMs) / 1000.0;

    /// <summary>The window of <paramref name="measured"/> (warm-up already excluded); zero-length when it is empty.</summary>
    public static RunWindow Of(IReadOnlyList<RequestRecord> measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        if (measured.Count == 0)
        {
            return default;
        }
        double startMs = measured.Min(r => r.SentAtMs);
        IEnumerable<RequestRecord> ending = measured.Any(r => r.Outcome != RequestOutcome.Cancelled)
            ? measured.Where(r => r.Outcome != RequestOutcome.Cancelled)
            : measured;
        return new RunWindow(startMs, Math.Max(startMs, ending.Max(RequestLatency.EndMs)));
    }
}
