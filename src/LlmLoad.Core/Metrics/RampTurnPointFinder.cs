namespace LlmLoad.Core.Metrics;

/// <summary>
/// Finds where a ramp's run turned, from its 1 s series. Pure. The first of:
/// - TTFT: the first second whose TTFT p50 exceeds <see cref="TtftFactor"/> × the floor, and stays above it for
///   <see cref="ConsecutiveSeconds"/> seconds with a p50 (seconds without one neither break nor extend the run); the floor is
///   the median of the TTFT p50 of the first <see cref="FloorSeconds"/> seconds that have one;
/// - errors: the first second whose failures reach <see cref="ErrorShare"/> of its completions (any failure in a
///   second with no completion counts).
/// Null when neither happens.
/// </summary>
public static class RampTurnPointFinder
{
    public const double TtftFactor = 2;
    public const int ConsecutiveSeconds = 3;
    public const int FloorSeconds = 5;
    public const double ErrorShare = 0.01;

    /// <param name="offeredLoad">Offered load per bucket, as long as the series.</param>
    public static RampTurnPoint? Find(TimeSeries series, IReadOnlyList<double?> ttftP50Ms, IReadOnlyList<double> offeredLoad)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(ttftP50Ms);
        ArgumentNullException.ThrowIfNull(offeredLoad);
        double[] first = [.. ttftP50Ms.OfType<double>().Take(FloorSeconds)];
        double? floor = first.Length > 0 ? Percentiles.Of(first, 50) : null;
        int? ttftTurn = floor is { } f ? FirstSustainedAbove(ttftP50Ms, TtftFactor * f) : null;
        int? errorTurn = null;
        for (int k = 0; k < series.BucketCount; k++)
        {
            if (series.Errors[k] > 0 && series.Errors[k] >= ErrorShare * series.Completions[k])
            {
                errorTurn = k;
                break;
            }
        }
        if (ttftTurn is null && errorTurn is null)
        {
            return null;
        }
        // a tie goes to errors: failing requests are the stronger sign
        bool byErrors = errorTurn is { } e && (ttftTurn is not { } t || e <= t);
        int at = byErrors ? errorTurn!.Value : ttftTurn!.Value;
        return new RampTurnPoint(at * TimeSeries.BucketSeconds, at < offeredLoad.Count ? offeredLoad[at] : 0, byErrors ? "errors" : "ttft",
            floor, ttftP50Ms[at], series.Errors[at], series.Completions[at]);
    }

    private static int? FirstSustainedAbove(IReadOnlyList<double?> values, double threshold)
    {
        int? start = null;
        int run = 0;
        for (int k = 0; k < values.Count; k++)
        {
            if (values[k] is not { } value)
            {
                continue;
            }
            if (value <= threshold)
            {
                (start, run) = (null, 0);
                continue;
            }
            start ??= k;
            if (++run >= ConsecutiveSeconds)
            {
                return start;
            }
        }
        return null;
    }
}
