namespace LlmLoad.Core.Workload;

/// <summary><see cref="WorkloadOptions"/> after validation: the typed values the builders work from.</summary>
/// <param name="InputTokensIsDefault">True when --input-tokens was left at its default (datasets that ignore it warn only otherwise).</param>
internal sealed record ParsedWorkloadOptions(
    DatasetSpec Dataset,
    TokenLengthDistribution InputTokens,
    OutputTokensSpec OutputTokens,
    int PrefixTokens,
    string Tokenizer,
    int Seed,
    bool InputTokensIsDefault)
{
    /// <summary>Distinct prefixes of <see cref="PrefixTokens"/> tokens (1: one shared prefix).</summary>
    public int PrefixGroups { get; init; } = 1;

    public PrefixAssignment PrefixAssignment { get; init; } = PrefixAssignment.Uniform;

    /// <summary>The multi-turn shape; null for a single-turn run.</summary>
    public SessionShape? Sessions { get; init; }

    public TraceWindow TraceWindow { get; init; } = TraceWindow.Whole;

    public bool TraceSort { get; init; }
}
