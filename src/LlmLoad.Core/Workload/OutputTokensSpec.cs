using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Workload;

/// <summary>
/// Where each prompt's <c>max_tokens</c> comes from: <c>N</c> (the same for every prompt),
/// <c>dataset</c> / <c>dataset:CAP</c> (the dataset's reference reply length, optionally capped),
/// or a <see cref="TokenLengthDistribution"/> spec.
/// </summary>
public sealed record OutputTokensSpec
{
    internal const string ExpectedForms = "N, dataset, dataset:CAP, MIN:MAX, fixed:N, uniform:MIN:MAX, normal:MEAN:STD or lognormal:MEAN:STD (e.g. 100 or dataset:100)";

    private OutputTokensSpec(TokenLengthDistribution? distribution, int? cap)
    {
        Distribution = distribution;
        Cap = cap;
    }

    /// <summary>The lengths to draw, or null when they come from the dataset.</summary>
    public TokenLengthDistribution? Distribution { get; }

    /// <summary>With <see cref="FromDataset"/>: the largest <c>max_tokens</c> to ask for, or null for no cap.</summary>
    public int? Cap { get; }

    /// <summary>True for <c>dataset</c> and <c>dataset:CAP</c>.</summary>
    [MemberNotNullWhen(false, nameof(Distribution))]
    public bool FromDataset => Distribution is null;

    public static OutputTokensSpec FromDistribution(TokenLengthDistribution distribution) =>
        new(distribution ?? throw new ArgumentNullException(nameof(distribution)), null);

    public static OutputTokensSpec FromDatasetReplies(int? cap)
    {
        if (cap is { } c)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(c, 1, nameof(cap));
        }

        return new OutputTokensSpec(null, cap);
    }

    /// <summary>Parses the <c>--output-tokens</c> value; on failure <paramref name="problem"/> says what is wrong with it.</summary>
    public static bool TryParse(string spec, [NotNullWhen(true)] out OutputTokensSpec? result, [NotNullWhen(false)] out OptionProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(spec);
        result = null;
        problem = null;
        var text = spec.Trim();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            if (n < 1 || n > TokenLengthDistribution.MaxTokens)
            {
                problem = new(OptionField.OutputTokens, spec, $"must be at least 1 and at most {TokenLengthDistribution.MaxTokens.ToString(CultureInfo.InvariantCulture)} tokens.");
                return false;
            }

            result = FromDistribution(TokenLengthDistribution.Fixed((int)n));
            return true;
        }

        if (text.Equals("dataset", StringComparison.OrdinalIgnoreCase))
        {
            result = FromDatasetReplies(null);
            return true;
        }

        if (text.StartsWith("dataset:", StringComparison.OrdinalIgnoreCase))
        {
            var capText = text["dataset:".Length..];
            if (!long.TryParse(capText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cap)
                || cap < 1 || cap > TokenLengthDistribution.MaxTokens)
            {
                problem = new(OptionField.OutputTokens, spec, "must be dataset:CAP with CAP a whole number of tokens of at least 1 (e.g. dataset:100).");
                return false;
            }

            result = FromDatasetReplies((int)cap);
            return true;
        }

        if (!TokenLengthDistribution.TryParse(text, OptionField.OutputTokens, ExpectedForms, out var distribution, out problem))
        {
            return false;
        }

        result = FromDistribution(distribution);
        return true;
    }

    /// <summary>
    /// The <c>max_tokens</c> for one prompt: a draw from <see cref="Distribution"/>, or the reference
    /// reply length (capped); never below 1.
    /// </summary>
    /// <param name="referenceTokens">The dataset's reply length in tokens; required when <see cref="FromDataset"/>.</param>
    /// <param name="random">The seeded stream for output lengths; not used for dataset lengths.</param>
    public int Resolve(int? referenceTokens, Random random)
    {
        if (!FromDataset)
        {
            return Distribution.Sample(random);
        }

        var tokens = referenceTokens ?? throw new InvalidOperationException("--output-tokens dataset needs a reference reply length for every prompt");
        if (Cap is { } cap)
        {
            tokens = Math.Min(tokens, cap);
        }

        return Math.Max(tokens, 1);
    }

    /// <summary>Short human-readable form, e.g. <c>fixed 100</c> or <c>dataset reply length, capped at 100</c>.</summary>
    public override string ToString() => FromDataset
        ? Cap is { } cap ? $"dataset reply length, capped at {cap.ToString(CultureInfo.InvariantCulture)}" : "dataset reply length"
        : Distribution.ToString();
}
