namespace LlmLoad.Core.Workload;

/// <summary>Turns <see cref="WorkloadOptions"/> into the prompts of a run.</summary>
public static class WorkloadFactory
{
    /// <summary>
    /// Builds <paramref name="count"/> prompts. The same options (including the seed) always give the same
    /// prompts in the same order. Reads the dataset and tokenizer files; throws <see cref="WorkloadException"/>
    /// with a one-line message for invalid options (all problems at once) or bad files.
    /// A timestamped dataset gives at most <paramref name="count"/> requests, the first in time, and none repeated;
    /// with <paramref name="wholeTrace"/> it gives every request inside the window.
    /// </summary>
    public static PromptWorkload Build(WorkloadOptions options, int count, bool wholeTrace = false)
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
            DatasetKind.Jsonl => JsonlWorkloadSource.Build(parsed, tokenizer, count, wholeTrace),
            DatasetKind.Mooncake or DatasetKind.Azure => TraceWorkloadSource.Build(parsed, tokenizer, wholeTrace ? int.MaxValue : count),
            _ => throw new InvalidOperationException($"unknown dataset kind {parsed.Dataset.Kind}"),
        };
    }
}
