namespace LlmLoad.Core.Workload;

/// <summary>Turns <see cref="WorkloadOptions"/> into the prompts of a run.</summary>
public static class WorkloadFactory
{
    /// <summary>
    /// Builds <paramref name="count"/> prompts. The same options (including the seed) always give the same
    /// prompts in the same order. Reads the dataset and tokenizer files; throws <see cref="WorkloadException"/>
    /// with a one-line message for invalid options (all problems at once) or bad files.
    /// </summary>
    public static PromptWorkload Build(WorkloadOptions options, int count)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var parsed = options.Parse();
        if (options.DatasetMix is not null)
        {
            return DatasetMixSource.Build(options, count);
        }
        var tokenizer = TokenizerCatalog.Create(parsed.Tokenizer);
        return parsed.Dataset.Kind switch
        {
            DatasetKind.Synthetic => SyntheticWorkloadSource.Build(parsed, tokenizer, count),
            DatasetKind.ShareGpt => ShareGptWorkloadSource.Build(parsed, tokenizer, count),
            DatasetKind.Jsonl => JsonlWorkloadSource.Build(parsed, tokenizer, count),
            _ => throw new InvalidOperationException($"unknown dataset kind {parsed.Dataset.Kind}"),
        };
    }
}
