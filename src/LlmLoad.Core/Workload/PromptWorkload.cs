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
public sealed record PromptWorkload(IReadOnlyList<WorkloadItem> Items, Tokenizer Tokenizer, IReadOnlyList<string> Warnings, string Description);
