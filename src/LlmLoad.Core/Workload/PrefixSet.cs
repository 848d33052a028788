namespace LlmLoad.Core.Workload;

/// <summary>
/// The <c>--prefix-groups</c> distinct prefixes of <c>--prefix-tokens</c> tokens each, and the seeded draw that
/// gives each prompt or session one of them. Same seed, same prefixes and same assignment, so two runs send the
/// same prompts.
/// </summary>
internal sealed class PrefixSet
{
    private readonly string[] _prefixes;
    private readonly double[] _cumulative;
    private readonly Random _assignment;

    private PrefixSet(string[] prefixes, double[] cumulative, Random assignment)
    {
        _prefixes = prefixes;
        _cumulative = cumulative;
        _assignment = assignment;
    }

    public int Tokens { get; private init; }

    public int Count => _prefixes.Length;

    /// <summary>No prefix: <see cref="Next"/> gives empty text.</summary>
    public bool IsEmpty => Tokens == 0;

    /// <summary>
    /// Cuts the prefixes from the corpus with <paramref name="builder"/>. Each starts at its own corpus offset (the
    /// builder never reuses one before all are used), so the prefixes differ from their first token.
    /// </summary>
    public static PrefixSet Build(SyntheticPromptBuilder builder, int tokens, int groups, PrefixAssignment assignment, int seed)
    {
        var random = WorkloadRandom.Create(seed, WorkloadRandom.Prefix);
        var prefixes = tokens == 0 ? [""] : Enumerable.Range(0, groups).Select(_ => builder.Build(tokens, random)).ToArray();
        var probabilities = assignment.Probabilities(prefixes.Length);
        var cumulative = new double[probabilities.Length];
        var sum = 0.0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            sum += probabilities[i];
            cumulative[i] = sum;
        }
        return new PrefixSet(prefixes, cumulative, WorkloadRandom.Create(seed, WorkloadRandom.PrefixGroups)) { Tokens = tokens };
    }

    /// <summary>The next prompt's or session's prefix and its group (from 0), drawn by the assignment.</summary>
    public (string Text, int Group) Next()
    {
        if (_prefixes.Length == 1)
        {
            return (_prefixes[0], 0);
        }
        var u = _assignment.NextDouble();
        var group = Array.BinarySearch(_cumulative, u);
        group = group >= 0 ? group : Math.Min(~group, _prefixes.Length - 1);
        return (_prefixes[group], group);
    }
}
