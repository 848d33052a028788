using System.Text.Json.Nodes;

namespace LlmLoad.Core.Study;

/// <summary>
/// The content of study.json: who wrote it and when, the study's name, the baseline concurrency,
/// the request scale used (1 for a full run), the (already redacted) configuration, and one result per
/// target in the study file's order. <see cref="Interrupted"/> marks a study the user stopped.
/// </summary>
public sealed record StudyDocument(
    string ToolVersion,
    DateTimeOffset StartedAt,
    string Name,
    int? BaselineConcurrency,
    double RequestsScale,
    JsonObject? Configuration,
    IReadOnlyList<StudyTargetResult> Targets,
    bool Interrupted = false)
{
    public const string FileName = "study.json";
}
