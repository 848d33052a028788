using System.Globalization;
using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Sweep;

/// <summary>
/// The offered request rates (req/s) of a rate sweep, in increasing order, parsed from the <c>--rate</c> text with the
/// spellings of <see cref="ConcurrencyPlan"/>: <c>10,20,40</c>, <c>1..64</c> (doubling), <c>10..200:+10</c>, <c>1..100:x1.5</c>;
/// rates may have decimals (<c>0.5,1.5</c>, <c>1..5:+0.5</c>).
/// </summary>
public sealed record RatePlan(IReadOnlyList<double> Levels)
{
    private static LevelPlanParser.Numbers Rates { get; } = new(
        WholeNumbers: false,
        Expected: "a list (10,20,40), a doubling range (1..64) or a range with a step (10..200:+10, 1..100:x1.5) of requests per second",
        BelowMinimum: "a rate must be above 0 requests per second");

    /// <summary>The rates as a list, e.g. <c>10,20,40</c>, which parses back to the same plan.</summary>
    public override string ToString() => string.Join(",", Levels.Select(l => l.ToString("0.######", CultureInfo.InvariantCulture)));

    /// <summary>Parses <paramref name="text"/>; returns false with every problem found, each naming <paramref name="field"/>.</summary>
    public static bool TryParse(string text, out RatePlan? plan, out IReadOnlyList<OptionProblem> errors, string field = OptionField.Rate)
    {
        bool parsed = LevelPlanParser.TryParse(text, Rates, ConcurrencyPlan.MaxLevels, field, out IReadOnlyList<double> levels, out errors);
        plan = parsed ? new RatePlan(levels) : null;
        return parsed;
    }
}
