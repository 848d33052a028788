using System.Globalization;
using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Workload;

/// <summary>
/// The workload flags of <c>llmload run</c>, as the user typed them. <see cref="Validate"/> reports every
/// syntax and range problem without touching the disk; <see cref="WorkloadFactory.Build"/> then reads files.
/// </summary>
public sealed record WorkloadOptions
{
    /// <summary>Default <see cref="InputTokens"/>: short prompts, as in the study this tool was built to reproduce.</summary>
    public const string DefaultInputTokens = "1:63";

    /// <summary>Default <see cref="OutputTokens"/>.</summary>
    public const string DefaultOutputTokens = "100";

    /// <summary>Default <see cref="Dataset"/>.</summary>
    public const string DefaultDataset = "synthetic";

    /// <summary>Default <see cref="PrefixAssignment"/>.</summary>
    public const string DefaultPrefixAssignment = "uniform";

    /// <summary><c>synthetic</c>, <c>sharegpt:PATH</c> or <c>jsonl:PATH</c>.</summary>
    public string Dataset { get; init; } = DefaultDataset;

    /// <summary>
    /// Prompt lengths (a <see cref="TokenLengthDistribution"/> spec). Synthetic prompts are drawn at these exact
    /// lengths; ShareGPT prompts are kept only when their length is in the range (so only MIN:MAX and fixed:N
    /// are allowed there); JSON Lines prompts are used as they are and this value is ignored (with a warning
    /// when it is not the default).
    /// </summary>
    public string InputTokens { get; init; } = DefaultInputTokens;

    /// <summary>The <c>max_tokens</c> of each request: <c>N</c>, <c>dataset</c>, <c>dataset:CAP</c> or a distribution spec (see <see cref="OutputTokensSpec"/>).</summary>
    public string OutputTokens { get; init; } = DefaultOutputTokens;

    /// <summary>
    /// Synthetic only: this many tokens of identical text start every prompt (a shared prefix, as for prefix
    /// caching). They come on top of the drawn length: a prompt is PrefixTokens + drawn tokens long.
    /// </summary>
    public int PrefixTokens { get; init; }

    /// <summary><c>o200k_base</c>, <c>o200k_harmony</c>, <c>cl100k_base</c> or the path of a Hugging Face <c>tokenizer.json</c>.</summary>
    public string Tokenizer { get; init; } = TokenizerCatalog.DefaultName;

    /// <summary>
    /// How many distinct prefixes of <see cref="PrefixTokens"/> tokens there are; each prompt (single-turn) or session
    /// (multi-turn) gets one, drawn by <see cref="PrefixAssignment"/>. For chat the prefix is a system message; for
    /// completions it starts the prompt.
    /// </summary>
    public int PrefixGroups { get; init; } = 1;

    /// <summary><c>uniform</c> or <c>zipf:S</c> (see <see cref="Workload.PrefixAssignment"/>).</summary>
    public string PrefixAssignment { get; init; } = DefaultPrefixAssignment;

    /// <summary>Every workload item becomes a session of user turns, each resending the conversation so far (docs/sessions.md).</summary>
    public bool MultiTurn { get; init; }

    /// <summary>Synthetic sessions: user turns per session, <c>N</c> or a distribution as for <see cref="InputTokens"/>; null: <see cref="DefaultTurns"/>.</summary>
    public string? Turns { get; init; }

    /// <summary>Default synthetic session length in user turns.</summary>
    public const int DefaultTurns = 4;

    /// <summary>Most user turns a synthetic session may have.</summary>
    public const int MaxTurns = 1000;

    /// <summary>Most <see cref="PrefixGroups"/>: each prefix is cut from the corpus, at its own start point.</summary>
    public const int MaxPrefixGroups = 10_000;

    /// <summary><c>server</c> (the default) or <c>dataset</c>: whose replies later turns send back (see <see cref="HistoryMode"/>); null: server.</summary>
    public string? History { get; init; }

    /// <summary>Seeds every random choice (lengths, corpus offsets, sampled conversations), so a seed gives the same prompts.</summary>
    public int Seed { get; init; }

    /// <summary>Every problem with the values, each naming its field and quoting the value; empty when all are valid.</summary>
    public IReadOnlyList<OptionProblem> Validate()
    {
        var problems = new List<OptionProblem>();
        TryParse(problems);
        return problems;
    }

    /// <summary>The parsed values; throws <see cref="WorkloadException"/> listing every problem when some are invalid.</summary>
    internal ParsedWorkloadOptions Parse()
    {
        var problems = new List<OptionProblem>();
        return TryParse(problems) ?? throw new WorkloadException(string.Join(" ", problems));
    }

    private ParsedWorkloadOptions? TryParse(List<OptionProblem> problems)
    {
        if (!DatasetSpec.TryParse(Dataset ?? "", out var dataset, out var datasetError))
        {
            problems.Add(datasetError);
        }

        if (!TokenLengthDistribution.TryParse(InputTokens ?? "", OptionField.InputTokens, out var input, out var inputError))
        {
            problems.Add(inputError);
        }
        else if (dataset?.Kind == DatasetKind.ShareGpt && !input.IsRange)
        {
            problems.Add(new(OptionField.InputTokens, InputTokens, "cannot filter a ShareGPT dataset; expected MIN:MAX or fixed:N (conversations are kept when their prompt length is in range)."));
        }

        if (!OutputTokensSpec.TryParse(OutputTokens ?? "", out var output, out var outputError))
        {
            problems.Add(outputError);
        }
        else if (output.FromDataset && dataset?.Kind == DatasetKind.Synthetic)
        {
            problems.Add(new(OptionField.OutputTokens, OutputTokens, "needs a dataset with reference replies (sharegpt:PATH or jsonl:PATH); {dataset} synthetic has none. Use a number such as 100 instead."));
        }

        var prefix = PrefixTokens.ToString(CultureInfo.InvariantCulture);
        if (PrefixTokens < 0 || PrefixTokens > TokenLengthDistribution.MaxTokens)
        {
            problems.Add(new(OptionField.PrefixTokens, prefix, $"must be from 0 to {TokenLengthDistribution.MaxTokens.ToString(CultureInfo.InvariantCulture)}."));
        }
        else if (PrefixTokens > 0 && dataset is not null && dataset.Kind != DatasetKind.Synthetic)
        {
            problems.Add(new(OptionField.PrefixTokens, prefix, "applies only to {dataset} synthetic; remove it or use 0."));
        }

        if (TokenizerCatalog.CheckSpec(Tokenizer ?? "") is { } tokenizerProblem)
        {
            problems.Add(tokenizerProblem);
        }

        var groups = PrefixGroups.ToString(CultureInfo.InvariantCulture);
        if (PrefixGroups < 1 || PrefixGroups > MaxPrefixGroups)
        {
            problems.Add(new(OptionField.PrefixGroups, groups, $"must be from 1 to {MaxPrefixGroups.ToString(CultureInfo.InvariantCulture)}."));
        }
        else if (PrefixGroups > 1 && PrefixTokens == 0)
        {
            problems.Add(new(OptionField.PrefixGroups, groups, "needs {prefix_tokens}: give the prefixes a length, e.g. {prefix_tokens} 1000."));
        }

        if (!Workload.PrefixAssignment.TryParse(PrefixAssignment ?? "", out var assignment, out var assignmentError))
        {
            problems.Add(assignmentError);
        }

        var sessions = SessionShape.TryParse(this, dataset, problems);
        return problems.Count == 0
            ? new ParsedWorkloadOptions(dataset!, input!, output!, PrefixTokens, Tokenizer!, Seed, InputTokens!.Trim() == DefaultInputTokens)
            {
                PrefixGroups = PrefixGroups,
                PrefixAssignment = assignment!,
                Sessions = sessions,
            }
            : null;
    }
}
