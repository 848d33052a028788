using System.Globalization;

namespace LlmLoad.Core.Sweep;

/// <summary>
/// The step of a <see cref="ConcurrencyPlan"/> range: a ratio (<c>x1.5</c>, geometric) or an
/// increment (<c>+100</c>, arithmetic).
/// </summary>
internal sealed record RangeStep(double Ratio, int Increment)
{
    public static RangeStep Doubling { get; } = new(2, 0);

    // below this the progression repeats each rounded level for thousands of steps; no sweep wants it
    private const double MinRatio = 1.01;

    // a level within a billionth of the end counts as the end: 16 * 1.5^k may land a hair above it
    private const double EndTolerance = 1e-9;

    public static RangeStep? TryParse(string text, Action<string> problem)
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
            if (int.TryParse(text[1..], NumberStyles.None, CultureInfo.InvariantCulture, out int increment) && increment >= 1)
            {
                return new RangeStep(1, increment);
            }
            problem($"has step \"{text}\"; an increment must be a whole number of at least 1, e.g. +100");
            return null;
        }
        problem($"has step \"{text}\"; expected a ratio such as x1.5 or an increment such as +100");
        return null;
    }

    /// <summary>The levels from <paramref name="start"/> to <paramref name="end"/> (included); stops early past <paramref name="limit"/> levels.</summary>
    public IReadOnlyList<int> Expand(int start, int end, int limit)
    {
        var levels = new List<int>();
        for (int k = 0; levels.Count < limit; k++)
        {
            double exact = Increment > 0 ? start + (double)k * Increment : start * Math.Pow(Ratio, k);
            if (exact > end * (1 + EndTolerance))
            {
                break;
            }
            int level = (int)Math.Min(end, Math.Round(exact, MidpointRounding.AwayFromZero));
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
