using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// Typed options whose parse errors read like every other llmload error:
/// <c>--concurrency "0" must be a whole number of at least 1.</c> System.CommandLine reports them all at once.
/// </summary>
internal static class CliValues
{
    public static Option<int> Int(string name, string description, int defaultValue, int minimum, int maximum = int.MaxValue) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => result.Tokens.Count == 0 ? defaultValue : ParseInt(result, name, minimum, maximum) ?? defaultValue,
        };

    public static Option<int?> OptionalInt(string name, string description, int minimum) =>
        new(name)
        {
            Description = description,
            CustomParser = result => result.Tokens.Count == 0 ? null : ParseInt(result, name, minimum),
        };

    /// <summary>A number above <paramref name="minimum"/>, or from it on when <paramref name="inclusive"/>.</summary>
    public static Option<double?> OptionalDouble(string name, string description, double minimum, bool inclusive = false) =>
        new(name)
        {
            Description = description,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0)
                {
                    return null;
                }
                var text = result.Tokens.Single().Value;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                    && (inclusive ? value >= minimum : value > minimum))
                {
                    return value;
                }
                result.AddError(string.Create(CultureInfo.InvariantCulture,
                    $"{name} \"{text}\" must be a number {(inclusive ? "of at least" : "greater than")} {minimum}."));
                return null;
            },
        };

    /// <summary>A duration such as <c>90</c>, <c>90s</c>, <c>500ms</c>, <c>5m</c> or <c>1h</c>.</summary>
    public static Option<TimeSpan?> Duration(string name, string description, TimeSpan? defaultValue = null) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0)
                {
                    return defaultValue;
                }
                var text = result.Tokens.Single().Value;
                if (TryParseDuration(text, out var duration) && duration > TimeSpan.Zero)
                {
                    return duration;
                }
                result.AddError($"{name} \"{text}\" must be a positive duration such as 30s, 500ms, 5m or 1h.");
                return defaultValue;
            },
        };

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        var (number, scale) = trimmed switch
        {
            _ when trimmed.EndsWith("ms", StringComparison.Ordinal) => (trimmed[..^2], 1.0),
            _ when trimmed.EndsWith('s') => (trimmed[..^1], 1000.0),
            _ when trimmed.EndsWith('m') => (trimmed[..^1], 60_000.0),
            _ when trimmed.EndsWith('h') => (trimmed[..^1], 3_600_000.0),
            _ => (trimmed, 1000.0),
        };
        var ok = double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value);
        duration = ok ? TimeSpan.FromMilliseconds(value * scale) : TimeSpan.Zero;
        return ok;
    }

    /// <summary>A percentage above 0 and at most 100, written <c>90</c> or <c>90%</c>, as a fraction (0.9).</summary>
    public static bool TryParsePercent(string text, out double fraction)
    {
        var number = text.Trim().TrimEnd('%').TrimEnd();
        var ok = double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && percent is > 0 and <= 100;
        fraction = ok ? percent / 100 : 0;
        return ok;
    }

    private static int? ParseInt(ArgumentResult result, string name, int minimum, int maximum = int.MaxValue)
    {
        var text = result.Tokens.Single().Value;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
        {
            return value;
        }
        result.AddError(maximum == int.MaxValue
            ? $"{name} \"{text}\" must be a whole number of at least {minimum}."
            : $"{name} \"{text}\" must be a whole number from {minimum} to {maximum}.");
        return null;
    }
}
