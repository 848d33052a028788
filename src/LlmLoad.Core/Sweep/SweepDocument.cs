using System.Text.Json.Nodes;

namespace LlmLoad.Core.Sweep;

/// <summary>
/// The content of sweep.json: who wrote it and when, the model label (a model mix named whole,
/// as the configuration's <c>models</c> writes it) and (already redacted)
/// configuration, the measured levels in concurrency order, and the analysis.
/// <see cref="Interrupted"/> marks a sweep the user stopped before its last level.
/// </summary>
public sealed record SweepDocument(
    string ToolVersion,
    DateTimeOffset StartedAt,
    string? Model,
    JsonObject? Configuration,
    IReadOnlyList<SweepLevel> Levels,
    SweepAnalysis Analysis,
    bool Interrupted = false);
