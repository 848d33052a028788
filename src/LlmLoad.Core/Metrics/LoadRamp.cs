using System.Globalization;

namespace LlmLoad.Core.Metrics;

/// <summary>What a ramp raises: the open loop's arrival rate, or the closed loop's number of users.</summary>
public enum RampKind
{
    /// <summary>Requests per second rise from start to end (open loop).</summary>
    Rate,
    /// <summary>Active users rise from start to end (closed loop).</summary>
    Users,
}

/// <summary>
/// A linear ramp within one run: the load goes from <see cref="Start"/> to <see cref="End"/> over <see cref="Length"/>,
/// then the run ends. Spelled <c>linear:START..END:DURATION</c> (rate) or <c>users:linear:START..END:DURATION</c>.
/// Pure: offsets from the run's start, not clock reads. Lives with the metrics, which read the offered load from it;
/// the rate ramp's arrival schedule is <c>ArrivalSchedule.RampOffsetsMs</c>.
/// </summary>
public sealed record LoadRamp(RampKind Kind, double Start, double End, TimeSpan Length)
{
    /// <summary>Parses a ramp; null with <paramref name="problem"/> saying what is wrong otherwise.</summary>
    public static LoadRamp? TryParse(string text, out string? problem)
    {
        problem = null;
        var parts = text.Trim().ToLowerInvariant().Split(':');
        var kind = parts is ["users", ..] ? RampKind.Users : RampKind.Rate;
        if (kind == RampKind.Users)
        {
            parts = parts[1..];
        }
        if (parts is not ["linear", var range, var length] || range.Split("..") is not [var from, var to]
            || !TryNumber(from, out var start) || !TryNumber(to, out var end) || !TryLength(length, out var span))
        {
            problem = "must be linear:START..END:DURATION (requests per second, e.g. linear:0..200:60s) or users:linear:START..END:DURATION.";
            return null;
        }
        if (span <= TimeSpan.Zero || start < 0 || end < 0 || start + end <= 0)
        {
            problem = "needs START and END of 0 or more, not both 0, and a positive DURATION.";
            return null;
        }
        if (kind == RampKind.Users && (start != Math.Floor(start) || end != Math.Floor(end) || end < 1))
        {
            problem = "counts users: START and END must be whole numbers and END at least 1.";
            return null;
        }
        return new LoadRamp(kind, start, end, span);
    }

    /// <summary>The load at <paramref name="seconds"/> from the start (held at <see cref="End"/> after the ramp).</summary>
    public double LoadAt(double seconds) => Start + (End - Start) * Math.Clamp(seconds / Length.TotalSeconds, 0, 1);

    /// <summary>The most users at once (a users ramp) or the peak rate.</summary>
    public double Peak => Math.Max(Start, End);

    /// <summary>
    /// When each user of a users ramp starts (ms): the first <c>START</c> at once, then user <c>u</c> when the linear
    /// count reaches <c>u + 1</c>, so the active count follows the ramp a user at a time.
    /// </summary>
    public IReadOnlyList<double> UserStartsMs()
    {
        var users = (int)Peak;
        var starts = new double[users];
        for (var u = 0; u < users; u++)
        {
            starts[u] = u < Start || End <= Start ? 0 : Length.TotalMilliseconds * (u + 1 - Start) / (End - Start);
        }
        return starts;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(Kind == RampKind.Users ? "users:" : "")}linear:{Start}..{End}:{Length.TotalSeconds}s");

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static bool TryLength(string text, out TimeSpan length)
    {
        length = TimeSpan.Zero;
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (!TryNumber(number, out var value))
        {
            return false;
        }
        length = TimeSpan.FromSeconds(value * unit);
        return true;
    }
}
