using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Workload;

/// <summary>
/// The prompts of one run, built by <see cref="WorkloadFactory.Build"/>.
/// Note: the type shares its name with its namespace, so code outside
/// <c>LlmLoad.Core.Workload</c> may need <c>var</c> or an alias to name it.
/// </summary>
/// <param name="Items">The prompts, in the order to send them.</param>
/// <param name="Tokenizer">The tokenizer the token counts were made with; use it to count output text too.</param>
/// <param name="Warnings">One-line notes the user should see (e.g. prompts were repeated because too few matched).</param>
/// <param name="Description">One line saying what the workload is, for the report header.</param>
public sealed record PromptWorkload(IReadOnlyList<WorkloadItem> Items, Tokenizer Tokenizer, IReadOnlyList<string> Warnings, string Description)
{
    /// <summary>
    /// For a timestamped dataset (a trace, or JSON Lines with <c>timestamp</c>): item i's due time in ms from the
    /// start of the replay, at the trace's own speed, one per item and never decreasing; null otherwise.
    /// </summary>
    public IReadOnlyList<double>? ArrivalOffsetsMs { get; init; }
}
