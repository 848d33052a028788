using System.Globalization;
using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Sweep;

/// <summary>
/// The concurrency levels of a sweep, in increasing order, parsed from the <c>--concurrency</c> text:
/// <list type="bullet">
/// <item>a list, <c>16,32,64,800</c>: the levels given, sorted, duplicates dropped;</item>
/// <item>a doubling range, <c>16..4096</c>: 16, 32, 64, ... up to the end;</item>
/// <item>a geometric range, <c>16..4096:x1.5</c>: level k is 16 × 1.5^k rounded to the nearest
/// whole number (from the exact product, so rounding does not compound), duplicates dropped;</item>
/// <item>an arithmetic range, <c>100..1000:+100</c>: 100, 200, ... 1000.</item>
/// </list>
/// A range always ends at its end value: when the progression steps over it (<c>16..4000</c> gives
/// ..., 1024, 2048) the end is added as the last level (..., 2048, 4000), because the user asked to
/// see that level. A single number is a one-level plan.
/// </summary>
public sealed record ConcurrencyPlan(IReadOnlyList<int> Levels)
{
    /// <summary>More levels than this is a typo (<c>1..100000:x1.0001</c>), not a sweep anyone can wait for.</summary>
    public const int MaxLevels = 1000;

    /// <summary>The levels of a sweep that names none: doubling from 16 to 4096.</summary>
    public const string DefaultText = "16..4096";

    /// <summary>The levels as a list, e.g. <c>16,32,64</c>, which parses back to the same plan.</summary>
    public override string ToString() => string.Join(",", Levels.Select(l => l.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// Parses <paramref name="text"/>; returns false with every problem found, each naming
    /// <paramref name="field"/> (an <see cref="OptionField"/>) and quoting the text.
    /// </summary>
    public static bool TryParse(string text, out ConcurrencyPlan? plan, out IReadOnlyList<OptionProblem> errors, string field = OptionField.Concurrency)
    {
        bool parsed = LevelPlanParser.TryParse(text, WholeNumbers, MaxLevels, field, out IReadOnlyList<double> levels, out errors);
        plan = parsed ? new ConcurrencyPlan([.. levels.Select(l => (int)l)]) : null;
        return parsed;
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> with the first problem.</summary>
    public static ConcurrencyPlan Parse(string text, string field = OptionField.Concurrency) =>
        TryParse(text, out ConcurrencyPlan? plan, out IReadOnlyList<OptionProblem> errors, field)
            ? plan!
            : throw new FormatException(errors[0].ToString());

    private static LevelPlanParser.Numbers WholeNumbers { get; } = new(
        WholeNumbers: true,
        Expected: "a list (16,32,64), a doubling range (16..4096) or a range with a step (16..4096:x1.5, 100..1000:+100)",
        BelowMinimum: "a concurrency must be at least 1");
}
