using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Schedules;

/// <summary>
/// How long a session's user waits between a reply and their next turn (<c>--think-time</c>). Not part of any
/// latency: the next turn is due when the think time ends. Forms: a fixed duration (<c>2s</c>, <c>500ms</c>),
/// <c>uniform:MIN:MAX</c>, <c>exponential:MEAN</c>, or <c>lognormal:MEAN:SIGMA</c> (MEAN a duration, SIGMA the
/// standard deviation of the underlying normal, e.g. 0.5: a long right tail, as measured human pauses have).
/// </summary>
public sealed class ThinkTime
{
    private const string ExpectedForms = "a duration (2s, 500ms), uniform:MIN:MAX, exponential:MEAN or lognormal:MEAN:SIGMA (e.g. exponential:3s)";

    /// <summary>Longest think time drawn: a long tail of a distribution must not stall a run.</summary>
    public static readonly TimeSpan Maximum = TimeSpan.FromHours(1);

    public static ThinkTime None { get; } = new("none", (_, _) => 0);

    private readonly Func<Random, double, double> _sampleMs;
    private readonly string _text;

    private ThinkTime(string text, Func<Random, double, double> sampleMs)
    {
        _text = text;
        _sampleMs = sampleMs;
    }

    public bool IsNone => ReferenceEquals(this, None);

    /// <summary>One draw, from 0 to <see cref="Maximum"/>.</summary>
    public TimeSpan Sample(Random random) =>
        TimeSpan.FromMilliseconds(Math.Clamp(_sampleMs(random, random.NextDouble()), 0, Maximum.TotalMilliseconds));

    public static bool TryParse(string text, [NotNullWhen(true)] out ThinkTime? thinkTime, [NotNullWhen(false)] out OptionProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().ToLowerInvariant();
        var parts = trimmed.Split(':');
        thinkTime = parts switch
        {
            ["0" or "none"] => None,
            [var fixedText] when Duration(fixedText) is { } ms => new ThinkTime(trimmed, (_, _) => ms),
            ["uniform", var a, var b] when Duration(a) is { } min && Duration(b) is { } max && min <= max
                => new ThinkTime(trimmed, (_, u) => min + (max - min) * u),
            ["exponential", var m] when Duration(m) is { } mean && mean > 0
                => new ThinkTime(trimmed, (_, u) => -mean * Math.Log(1 - u)),
            ["lognormal", var m, var s] when Duration(m) is { } mean && mean > 0 && Number(s) is { } sigma && sigma is > 0 and <= 5
                => new ThinkTime(trimmed, (random, u) => LogNormal(random, u, mean, sigma)),
            _ => null,
        };
        problem = thinkTime is null ? new(OptionField.ThinkTime, text, $"must be {ExpectedForms}.") : null;
        return thinkTime is not null;
    }

    /// <summary>Mean <paramref name="meanMs"/>: mu = ln(mean) - sigma^2/2; the normal draw is Box-Muller on two uniforms.</summary>
    private static double LogNormal(Random random, double u1, double meanMs, double sigma)
    {
        var u2 = random.NextDouble();
        var normal = Math.Sqrt(-2.0 * Math.Log(1.0 - u1)) * Math.Cos(2.0 * Math.PI * u2);
        return Math.Exp(Math.Log(meanMs) - sigma * sigma / 2 + sigma * normal);
    }

    /// <summary>Milliseconds of a duration such as 2s, 500ms, 1.5m or a bare number of seconds; null when not one.</summary>
    private static double? Duration(string text)
    {
        var (number, scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 1.0),
            _ when text.EndsWith('s') => (text[..^1], 1000.0),
            _ when text.EndsWith('m') => (text[..^1], 60_000.0),
            _ => (text, 1000.0),
        };
        return Number(number) is { } value && value >= 0 && value * scale <= Maximum.TotalMilliseconds ? value * scale : null;
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    public override string ToString() => _text;
}
