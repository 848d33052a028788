using System.Globalization;
using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Sweep;

/// <summary>
/// Parses the level text of a sweep (<see cref="ConcurrencyPlan"/>, <see cref="RatePlan"/>): a list <c>16,32,64</c>, sorted
/// with duplicates dropped; a doubling range <c>16..4096</c>; a geometric range <c>16..4096:x1.5</c>; an arithmetic range
/// <c>100..1000:+100</c>. A range always ends at its end value. Concurrencies are whole numbers (a geometric level is rounded
/// from the exact product, so rounding does not compound); rates may have decimals.
/// </summary>
internal static class LevelPlanParser
{
    /// <summary>What the levels are: whole numbers or not, how to describe the expected text, and the message for a level below the minimum.</summary>
    public sealed record Numbers(bool WholeNumbers, string Expected, string BelowMinimum);

    public static bool TryParse(string text, Numbers numbers, int maxLevels, string field, out IReadOnlyList<double> levels, out IReadOnlyList<OptionProblem> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<OptionProblem>();
        string trimmed = text.Trim();
        levels = trimmed.Contains("..", StringComparison.Ordinal)
            ? ParseRange(trimmed, numbers, maxLevels, Problem)
            : ParseList(trimmed, numbers, Problem);
        if (problems.Count == 0 && levels.Count > maxLevels)
        {
            Problem($"gives more than {maxLevels.ToString(CultureInfo.InvariantCulture)} levels; use fewer levels or a larger step");
        }
        errors = problems;
        return problems.Count == 0;

        void Problem(string detail) => problems.Add(new(field, text, detail + "."));
    }

    private static IReadOnlyList<double> ParseList(string text, Numbers numbers, Action<string> problem)
    {
        var levels = new SortedSet<double>();
        if (text.Length == 0)
        {
            problem("is empty; expected " + numbers.Expected);
            return [];
        }
        foreach (string part in text.Split(','))
        {
            if (TryLevel(part, "level", numbers, problem) is { } level)
            {
                levels.Add(level);
            }
        }
        return [.. levels];
    }

    private static IReadOnlyList<double> ParseRange(string text, Numbers numbers, int maxLevels, Action<string> problem)
    {
        string[] bounds = text.Split("..");
        if (bounds.Length != 2)
        {
            problem("must be " + numbers.Expected);
            return [];
        }
        string[] endAndStep = bounds[1].Split(':');
        double? start = TryLevel(bounds[0], "range start", numbers, problem);
        double? end = TryLevel(endAndStep[0], "range end", numbers, problem);
        RangeStep? step = endAndStep.Length switch
        {
            1 => RangeStep.Doubling,
            2 => RangeStep.TryParse(endAndStep[1].Trim(), numbers.WholeNumbers, problem),
            _ => Fail(problem, "has more than one \":\"; expected " + numbers.Expected),
        };
        if (start is not { } first || end is not { } last || step is null)
        {
            return [];
        }
        if (last < first)
        {
            problem($"ends below its start; expected the start ({Text(first)}) to be at most the end ({Text(last)})");
            return [];
        }
        return step.Expand(first, last, numbers.WholeNumbers, maxLevels + 1);
    }

    private static double? TryLevel(string part, string what, Numbers numbers, Action<string> problem)
    {
        string trimmed = part.Trim();
        NumberStyles styles = numbers.WholeNumbers ? NumberStyles.None : NumberStyles.AllowDecimalPoint;
        if (!double.TryParse(trimmed, styles, CultureInfo.InvariantCulture, out double level) || !double.IsFinite(level))
        {
            problem($"has {what} \"{trimmed}\", which is not a {(numbers.WholeNumbers ? "whole number" : "number")}; expected {numbers.Expected}");
            return null;
        }
        if (numbers.WholeNumbers ? level < 1 : level <= 0)
        {
            problem($"has {what} {Text(level)}; {numbers.BelowMinimum}");
            return null;
        }
        return level;
    }

    private static string Text(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static RangeStep? Fail(Action<string> problem, string detail)
    {
        problem(detail);
        return null;
    }
}
