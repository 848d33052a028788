using System.Globalization;

namespace LlmLoad.Core.Sweep;

/// <summary>
/// The step of a sweep's level range (<see cref="LevelPlanParser"/>): a ratio (<c>x1.5</c>, geometric) or an
/// increment (<c>+100</c>, or <c>+2.5</c> between rates; arithmetic).
/// </summary>
internal sealed record RangeStep(double Ratio, double Increment)
{
    public static RangeStep Doubling { get; } = new(2, 0);

    // below this the progression repeats each rounded level for thousands of steps; no sweep wants it
    private const double MinRatio = 1.01;

    // a level within a billionth of the end counts as the end: 16 * 1.5^k may land a hair above it
    private const double EndTolerance = 1e-9;

    // rates are kept to a millionth, so +0.1 steps print as 0.3, not 0.30000000000000004
    private const int RateDecimals = 6;

    public static RangeStep? TryParse(string text, bool wholeNumbers, Action<string> problem)
    {
        if (text.StartsWith('x') || text.StartsWith('*'))
        {
            if (double.TryParse(text[1..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double ratio)
                && ratio >= MinRatio && double.IsFinite(ratio))
            {
                return new RangeStep(ratio, 0);
            }
            problem($"has step \"{text}\"; a ratio must be a number of at least 1.01, e.g. x1.5 or x2");
            return null;
        }
        if (text.StartsWith('+'))
        {
            NumberStyles styles = wholeNumbers ? NumberStyles.None : NumberStyles.AllowDecimalPoint;
            if (double.TryParse(text[1..], styles, CultureInfo.InvariantCulture, out double increment) && (wholeNumbers ? increment >= 1 : increment > 0) && double.IsFinite(increment))
            {
                return new RangeStep(1, increment);
            }
            problem(wholeNumbers
                ? $"has step \"{text}\"; an increment must be a whole number of at least 1, e.g. +100"
                : $"has step \"{text}\"; an increment must be a positive number, e.g. +10 or +0.5");
            return null;
        }
        problem($"has step \"{text}\"; expected a ratio such as x1.5 or an increment such as +100");
        return null;
    }

    /// <summary>The levels from <paramref name="start"/> to <paramref name="end"/> (included), whole or to a millionth; stops early past <paramref name="limit"/> levels.</summary>
    public IReadOnlyList<double> Expand(double start, double end, bool wholeNumbers, int limit)
    {
        var levels = new List<double>();
        for (int k = 0; levels.Count < limit; k++)
        {
            double exact = Increment > 0 ? start + (double)k * Increment : start * Math.Pow(Ratio, k);
            if (exact > end * (1 + EndTolerance))
            {
                break;
            }
            double level = Math.Min(end, Math.Round(exact, wholeNumbers ? 0 : RateDecimals, MidpointRounding.AwayFromZero));
            if (levels.Count == 0 || level > levels[^1])
            {
                levels.Add(level);
            }
        }
        if (levels[^1] != end && levels.Count < limit)
        {
            levels.Add(end);
        }
        return levels;
    }
}
