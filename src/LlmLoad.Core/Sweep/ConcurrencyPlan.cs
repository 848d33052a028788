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

    private const string Expected = "a list (16,32,64), a doubling range (16..4096) or a range with a step (16..4096:x1.5, 100..1000:+100)";

    /// <summary>The levels as a list, e.g. <c>16,32,64</c>, which parses back to the same plan.</summary>
    public override string ToString() => string.Join(",", Levels.Select(l => l.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// Parses <paramref name="text"/>; returns false with every problem found, each naming
    /// <paramref name="field"/> (an <see cref="OptionField"/>) and quoting the text.
    /// </summary>
    public static bool TryParse(string text, out ConcurrencyPlan? plan, out IReadOnlyList<OptionProblem> errors, string field = OptionField.Concurrency)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<OptionProblem>();
        string trimmed = text.Trim();
        IReadOnlyList<int> levels = trimmed.Contains("..", StringComparison.Ordinal)
            ? ParseRange(trimmed, Problem)
            : ParseList(trimmed, Problem);
        if (problems.Count == 0 && levels.Count > MaxLevels)
        {
            Problem($"gives more than {MaxLevels.ToString(CultureInfo.InvariantCulture)} levels; use fewer levels or a larger step");
        }
        errors = problems;
        plan = problems.Count == 0 ? new ConcurrencyPlan(levels) : null;
        return plan is not null;

        void Problem(string detail) => problems.Add(new(field, text, detail + "."));
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> with the first problem.</summary>
    public static ConcurrencyPlan Parse(string text, string field = OptionField.Concurrency) =>
        TryParse(text, out ConcurrencyPlan? plan, out IReadOnlyList<OptionProblem> errors, field)
            ? plan!
            : throw new FormatException(errors[0].ToString());

    private static IReadOnlyList<int> ParseList(string text, Action<string> problem)
    {
        var levels = new SortedSet<int>();
        if (text.Length == 0)
        {
            problem("is empty; expected " + Expected);
            return [];
        }
        foreach (string part in text.Split(','))
        {
            if (TryLevel(part, "level", problem) is { } level)
            {
                levels.Add(level);
            }
        }
        return [.. levels];
    }

    private static IReadOnlyList<int> ParseRange(string text, Action<string> problem)
    {
        string[] bounds = text.Split("..");
        if (bounds.Length != 2)
        {
            problem("must be " + Expected);
            return [];
        }
        string[] endAndStep = bounds[1].Split(':');
        int? start = TryLevel(bounds[0], "range start", problem);
        int? end = TryLevel(endAndStep[0], "range end", problem);
        RangeStep? step = endAndStep.Length switch
        {
            1 => RangeStep.Doubling,
            2 => RangeStep.TryParse(endAndStep[1].Trim(), problem),
            _ => Fail(problem, "has more than one \":\"; expected " + Expected),
        };
        if (start is not { } first || end is not { } last || step is null)
        {
            return [];
        }
        if (last < first)
        {
            problem($"ends below its start; expected the start ({first.ToString(CultureInfo.InvariantCulture)}) to be at most the end ({last.ToString(CultureInfo.InvariantCulture)})");
            return [];
        }
        return step.Expand(first, last, MaxLevels + 1);
    }

    private static int? TryLevel(string part, string what, Action<string> problem)
    {
        string trimmed = part.Trim();
        if (!int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out int level))
        {
            problem($"has {what} \"{trimmed}\", which is not a whole number; expected {Expected}");
            return null;
        }
        if (level < 1)
        {
            problem($"has {what} {level.ToString(CultureInfo.InvariantCulture)}; a concurrency must be at least 1");
            return null;
        }
        return level;
    }

    private static RangeStep? Fail(Action<string> problem, string detail)
    {
        problem(detail);
        return null;
    }
}
