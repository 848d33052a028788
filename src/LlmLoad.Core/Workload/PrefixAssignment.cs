using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Workload;

/// <summary>
/// How prompts (or sessions) are spread over the <c>--prefix-groups</c> prefixes (<c>--prefix-assignment</c>):
/// <c>uniform</c>, or <c>zipf:S</c>, where group g (from 0) is chosen with probability proportional to
/// 1/(g+1)^S, so a few prefixes are hot and the rest rare, as system prompts of real applications are.
/// </summary>
public sealed record PrefixAssignment(double ZipfExponent)
{
    public static PrefixAssignment Uniform { get; } = new(0);

    public bool IsUniform => ZipfExponent == 0;

    public static bool TryParse(string text, [NotNullWhen(true)] out PrefixAssignment? assignment, [NotNullWhen(false)] out OptionProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().ToLowerInvariant().Split(':');
        assignment = parts switch
        {
            ["uniform"] => Uniform,
            ["zipf", var s] when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var exponent)
                && double.IsFinite(exponent) && exponent > 0 && exponent <= 10 => new PrefixAssignment(exponent),
            _ => null,
        };
        problem = assignment is null ? new(OptionField.PrefixAssignment, text, "must be uniform or zipf:S with S from 0 to 10 (e.g. zipf:1.1).") : null;
        return assignment is not null;
    }

    /// <summary>The chance of each of <paramref name="groups"/> groups, summing to 1.</summary>
    public double[] Probabilities(int groups)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        var weights = Enumerable.Range(1, groups).Select(rank => Math.Pow(rank, -ZipfExponent)).ToArray();
        var total = weights.Sum();
        return weights.Select(weight => weight / total).ToArray();
    }

    public override string ToString() => IsUniform ? "uniform" : string.Create(CultureInfo.InvariantCulture, $"zipf:{ZipfExponent}");
}
