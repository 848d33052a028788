using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Workload;

/// <summary>
/// A distribution of token counts (prompt or output lengths), parsed from a CLI spec and sampled
/// with a caller-supplied seeded <see cref="Random"/>, so a seed gives the same lengths every run.
/// </summary>
/// <remarks>
/// Specs (case-insensitive keywords):
/// <list type="bullet">
/// <item><c>MIN:MAX</c> or <c>uniform:MIN:MAX</c>: uniform integers, MIN and MAX included.</item>
/// <item><c>fixed:N</c>: always N.</item>
/// <item><c>normal:MEAN:STD</c>: normal, rounded to the nearest integer and clamped to at least 1.</item>
/// <item><c>lognormal:MEAN:STD</c>: log-normal where MEAN and STD are the mean and standard deviation of
/// the token counts themselves, not of their logarithm (the log has
/// sigma^2 = ln(1 + STD^2/MEAN^2) and mu = ln(MEAN) - sigma^2/2); rounded and clamped to at least 1.</item>
/// </list>
/// Every count lies in [1, <see cref="MaxTokens"/>].
/// </remarks>
public sealed record TokenLengthDistribution
{
    /// <summary>Largest token count any spec may name or any sample may return; far above any model's context.</summary>
    public const int MaxTokens = 10_000_000;

    internal const string ExpectedForms = "MIN:MAX, fixed:N, uniform:MIN:MAX, normal:MEAN:STD or lognormal:MEAN:STD (token counts, e.g. 1:63 or normal:500:100)";

    private TokenLengthDistribution(TokenLengthDistributionKind kind, int minimum, int maximum, double mean, double standardDeviation)
    {
        Kind = kind;
        Minimum = minimum;
        Maximum = maximum;
        Mean = mean;
        StandardDeviation = standardDeviation;
    }

    public TokenLengthDistributionKind Kind { get; }

    /// <summary>Smallest count a sample can take: N for fixed, MIN for uniform, 1 for normal and log-normal.</summary>
    public int Minimum { get; }

    /// <summary>Largest count a sample can take: N for fixed, MAX for uniform, <see cref="MaxTokens"/> for normal and log-normal.</summary>
    public int Maximum { get; }

    /// <summary>MEAN of a normal or log-normal spec, in tokens; for fixed and uniform, the midpoint of the range.</summary>
    public double Mean { get; }

    /// <summary>STD of a normal or log-normal spec, in tokens; 0 for fixed and uniform.</summary>
    public double StandardDeviation { get; }

    /// <summary>True for fixed and uniform specs, which name a range of counts that a dataset can be filtered by.</summary>
    public bool IsRange => Kind is TokenLengthDistributionKind.Fixed or TokenLengthDistributionKind.Uniform;

    public static TokenLengthDistribution Fixed(int tokens) => Uniform(tokens, tokens);

    public static TokenLengthDistribution Uniform(int minimum, int maximum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, minimum);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maximum, MaxTokens);
        var kind = minimum == maximum ? TokenLengthDistributionKind.Fixed : TokenLengthDistributionKind.Uniform;
        return new TokenLengthDistribution(kind, minimum, maximum, (minimum + (double)maximum) / 2, 0);
    }

    public static TokenLengthDistribution Normal(double mean, double standardDeviation) =>
        Continuous(TokenLengthDistributionKind.Normal, mean, standardDeviation);

    public static TokenLengthDistribution LogNormal(double mean, double standardDeviation) =>
        Continuous(TokenLengthDistributionKind.LogNormal, mean, standardDeviation);

    /// <summary>Parses a spec; throws <see cref="WorkloadException"/> with the problem of <see cref="TryParse"/>.</summary>
    public static TokenLengthDistribution Parse(string spec, string field = OptionField.InputTokens) =>
        TryParse(spec, field, out var distribution, out var problem) ? distribution : throw new WorkloadException(problem.ToString());

    /// <summary>Parses a spec; on failure <paramref name="problem"/> names <paramref name="field"/> (an <see cref="OptionField"/>), quotes the spec and says what was expected.</summary>
    public static bool TryParse(
        string spec,
        string field,
        [NotNullWhen(true)] out TokenLengthDistribution? distribution,
        [NotNullWhen(false)] out OptionProblem? problem) =>
        TryParse(spec, field, ExpectedForms, out distribution, out problem);

    internal static bool TryParse(
        string spec,
        string field,
        string expectedForms,
        [NotNullWhen(true)] out TokenLengthDistribution? distribution,
        [NotNullWhen(false)] out OptionProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(spec);
        distribution = null;
        var parts = spec.Trim().Split(':');
        var keyword = parts[0].ToLowerInvariant();
        var shapeError = $"must be {expectedForms}.";
        var error = (keyword, parts.Length) switch
        {
            ("fixed", 2) => TryRange(parts[1], parts[1], shapeError, out distribution),
            ("uniform", 3) => TryRange(parts[1], parts[2], shapeError, out distribution),
            ("normal", 3) or ("lognormal", 3) => TryContinuous(keyword, parts[1], parts[2], out distribution),
            (_, 2) when IsInteger(parts[0]) => TryRange(parts[0], parts[1], shapeError, out distribution),
            _ => shapeError,
        };
        problem = error is null ? null : new OptionProblem(field, spec, error);
        return problem is null;
    }

    /// <summary>Draws one token count; consumes the same number of random values on every call of a given kind.</summary>
    public int Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Kind switch
        {
            TokenLengthDistributionKind.Fixed => Minimum,
            TokenLengthDistributionKind.Uniform => random.Next(Minimum, Maximum + 1),
            TokenLengthDistributionKind.Normal => Clamp(Mean + StandardDeviation * StandardNormal(random)),
            TokenLengthDistributionKind.LogNormal => Clamp(SampleLogNormal(random)),
            _ => throw new InvalidOperationException($"unknown distribution kind {Kind}"),
        };
    }

    /// <summary>Short human-readable form, e.g. <c>uniform 1..63</c>, <c>fixed 100</c>, <c>normal(mean 500, std 100)</c>.</summary>
    public override string ToString() => Kind switch
    {
        TokenLengthDistributionKind.Fixed => $"fixed {Format(Minimum)}",
        TokenLengthDistributionKind.Uniform => $"uniform {Format(Minimum)}..{Format(Maximum)}",
        TokenLengthDistributionKind.Normal => $"normal(mean {Format(Mean)}, std {Format(StandardDeviation)})",
        _ => $"lognormal(mean {Format(Mean)}, std {Format(StandardDeviation)})",
    };

    private static TokenLengthDistribution Continuous(TokenLengthDistributionKind kind, double mean, double standardDeviation)
    {
        if (!double.IsFinite(mean) || mean <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "mean must be a finite number above 0");
        }

        if (!double.IsFinite(standardDeviation) || standardDeviation < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "standard deviation must be finite and not negative");
        }

        return new TokenLengthDistribution(kind, 1, MaxTokens, mean, standardDeviation);
    }

    private double SampleLogNormal(Random random)
    {
        // Convert the mean and std of the counts into the parameters of the underlying normal.
        var sigmaSquared = Math.Log(1 + (StandardDeviation * StandardDeviation) / (Mean * Mean));
        var mu = Math.Log(Mean) - sigmaSquared / 2;
        return Math.Exp(mu + Math.Sqrt(sigmaSquared) * StandardNormal(random));
    }

    /// <summary>Box-Muller; one uniform pair per sample keeps the stream simple to reason about.</summary>
    private static double StandardNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble(); // in (0, 1], so the log is finite
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static int Clamp(double value)
    {
        if (double.IsNaN(value) || value < 1)
        {
            return 1;
        }

        return value >= MaxTokens ? MaxTokens : (int)Math.Round(value, MidpointRounding.AwayFromZero);
    }

    private static bool IsInteger(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    /// <summary>Returns what is wrong with the spec, or null with the range in <paramref name="distribution"/>.</summary>
    private static string? TryRange(string minText, string maxText, string shapeError, out TokenLengthDistribution? distribution)
    {
        distribution = null;
        if (!IsInteger(minText) || !IsInteger(maxText))
        {
            return shapeError;
        }

        var min = long.Parse(minText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var max = long.Parse(maxText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        foreach (var value in new[] { min, max })
        {
            if (value < 1 || value > MaxTokens)
            {
                return $"has token count {value}; expected whole numbers from 1 to {Format(MaxTokens)}.";
            }
        }

        if (min > max)
        {
            return $"has MIN greater than MAX; expected MIN <= MAX (e.g. {max}:{min}).";
        }

        distribution = Uniform((int)min, (int)max);
        return null;
    }

    private static string? TryContinuous(string keyword, string meanText, string stdText, out TokenLengthDistribution? distribution)
    {
        distribution = null;
        if (!TryNumber(meanText, out var mean) || !TryNumber(stdText, out var std))
        {
            return $"must be {keyword}:MEAN:STD with MEAN and STD numbers of tokens (e.g. {keyword}:500:100).";
        }

        if (mean <= 0 || mean > MaxTokens)
        {
            return $"has MEAN {Format(mean)}; expected a number above 0 and at most {Format(MaxTokens)}.";
        }

        if (std < 0 || std > MaxTokens)
        {
            return $"has STD {Format(std)}; expected a number from 0 to {Format(MaxTokens)}.";
        }

        distribution = keyword == "normal" ? Normal(mean, std) : LogNormal(mean, std);
        return null;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
