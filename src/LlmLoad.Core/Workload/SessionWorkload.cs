using Microsoft.ML.Tokenizers;

namespace LlmLoad.Core.Workload;

/// <summary>The sessions of a <c>--multi-turn</c> run, built by <see cref="SessionWorkloadFactory.Build"/>.</summary>
/// <param name="Sessions">Session scripts; session <c>s</c> of the run plays <c>Sessions[s % Count]</c>.</param>
/// <param name="History">Whose replies later turns send back.</param>
/// <param name="Tokenizer">The tokenizer the token counts were made with.</param>
/// <param name="Warnings">One-line notes for the user (odd conversations dropped or repaired, sessions repeated).</param>
/// <param name="Description">One line saying what the workload is, for the report header.</param>
public sealed record SessionWorkload(
    IReadOnlyList<SessionScript> Sessions,
    HistoryMode History,
    Tokenizer Tokenizer,
    IReadOnlyList<string> Warnings,
    string Description);
