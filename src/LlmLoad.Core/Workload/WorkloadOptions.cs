using System.Globalization;

namespace LlmLoad.Core.Workload;

/// <summary>
/// The workload flags of <c>llmload run</c>, as the user typed them. <see cref="Validate"/> reports every
/// syntax and range problem without touching the disk; <see cref="WorkloadFactory.Build"/> then reads files.
/// </summary>
public sealed record WorkloadOptions
{
    /// <summary>Default <see cref="InputTokens"/>: short prompts, as in the study this tool was built to reproduce.</summary>
    public const string DefaultInputTokens = "1:63";

    /// <summary><c>synthetic</c>, <c>sharegpt:PATH</c> or <c>jsonl:PATH</c>.</summary>
    public string Dataset { get; init; } = "synthetic";

    /// <summary>
    /// Prompt lengths (a <see cref="TokenLengthDistribution"/> spec). Synthetic prompts are drawn at these exact
    /// lengths; ShareGPT prompts are kept only when their length is in the range (so only MIN:MAX and fixed:N
    /// are allowed there); JSON Lines prompts are used as they are and this value is ignored (with a warning
    /// when it is not the default).
    /// </summary>
    public string InputTokens { get; init; } = DefaultInputTokens;

    /// <summary>The <c>max_tokens</c> of each request: <c>N</c>, <c>dataset</c>, <c>dataset:CAP</c> or a distribution spec (see <see cref="OutputTokensSpec"/>).</summary>
    public string OutputTokens { get; init; } = "100";

    /// <summary>
    /// Synthetic only: this many tokens of identical text start every prompt (a shared prefix, as for prefix
    /// caching). They come on top of the drawn length: a prompt is PrefixTokens + drawn tokens long.
    /// </summary>
    public int PrefixTokens { get; init; }

    /// <summary><c>o200k_base</c>, <c>o200k_harmony</c>, <c>cl100k_base</c> or the path of a Hugging Face <c>tokenizer.json</c>.</summary>
    public string Tokenizer { get; init; } = TokenizerCatalog.DefaultName;

    /// <summary>Seeds every random choice (lengths, corpus offsets, sampled conversations), so a seed gives the same prompts.</summary>
    public int Seed { get; init; }

    /// <summary>Every problem with the values, one line each, naming the flag and quoting the value; empty when all are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        TryParse(problems);
        return problems;
    }

    /// <summary>The parsed values; throws <see cref="WorkloadException"/> listing every problem when some are invalid.</summary>
    internal ParsedWorkloadOptions Parse()
    {
        var problems = new List<string>();
        return TryParse(problems) ?? throw new WorkloadException(string.Join(" ", problems));
    }

    private ParsedWorkloadOptions? TryParse(List<string> problems)
    {
        if (!DatasetSpec.TryParse(Dataset ?? "", out var dataset, out var datasetError))
        {
            problems.Add(datasetError);
        }

        if (!TokenLengthDistribution.TryParse(InputTokens ?? "", "--input-tokens", out var input, out var inputError))
        {
            problems.Add(inputError);
        }
        else if (dataset?.Kind == DatasetKind.ShareGpt && !input.IsRange)
        {
            problems.Add($"--input-tokens \"{InputTokens}\" cannot filter a ShareGPT dataset; expected MIN:MAX or fixed:N (conversations are kept when their prompt length is in range).");
        }

        if (!OutputTokensSpec.TryParse(OutputTokens ?? "", out var output, out var outputError))
        {
            problems.Add(outputError);
        }
        else if (output.FromDataset && dataset?.Kind == DatasetKind.Synthetic)
        {
            problems.Add($"--output-tokens \"{OutputTokens}\" needs a dataset with reference replies (sharegpt:PATH or jsonl:PATH); --dataset synthetic has none. Use a number such as 100 instead.");
        }

        var prefix = PrefixTokens.ToString(CultureInfo.InvariantCulture);
        if (PrefixTokens < 0 || PrefixTokens > TokenLengthDistribution.MaxTokens)
        {
            problems.Add($"--prefix-tokens \"{prefix}\" must be from 0 to {TokenLengthDistribution.MaxTokens.ToString(CultureInfo.InvariantCulture)}.");
        }
        else if (PrefixTokens > 0 && dataset is not null && dataset.Kind != DatasetKind.Synthetic)
        {
            problems.Add($"--prefix-tokens \"{prefix}\" applies only to --dataset synthetic; remove it or use 0.");
        }

        if (TokenizerCatalog.CheckSpec(Tokenizer ?? "") is { } tokenizerError)
        {
            problems.Add(tokenizerError);
        }

        return problems.Count == 0 ? new ParsedWorkloadOptions(dataset!, input!, output!, PrefixTokens, Tokenizer!, Seed, InputTokens!.Trim() == DefaultInputTokens) : null;
    }
}
