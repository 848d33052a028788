using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Study;

/// <summary>
/// Loads study.json (as <see cref="StudyJsonWriter"/> writes it). A file that is not a study.json
/// throws <see cref="FormatException"/> with a one-line message.
/// </summary>
public static class StudyJsonReader
{
    public static StudyDocument Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(stream);
        }
        catch (JsonException error)
        {
            throw new FormatException($"study.json is not valid JSON: {error.Message}", error);
        }
        if (root is not JsonObject study || study["targets"] is not JsonArray targets)
        {
            throw new FormatException("study.json needs a \"targets\" array; is this a sweep.json or summary.json?");
        }
        DateTimeOffset startedAt = StartedAtJson.Read(study);
        return new StudyDocument(
            Text(study, "tool_version") ?? "",
            startedAt,
            Text(study, "study") ?? "study",
            JsonNumber.Read(study["baseline_concurrency"]) is { } c ? (int)c : null,
            JsonNumber.Read(study["requests_scale"]) ?? 1,
            study["config"]?.DeepClone() as JsonObject,
            [.. targets.OfType<JsonObject>().Select(Target)],
            study["interrupted"]?.GetValue<bool>() ?? false);
    }

    /// <summary>The mode as study.json spells it.</summary>
    public static string ModeName(StudyTargetMode mode) => mode == StudyTargetMode.Simulated ? "simulated" : "measured";

    private static StudyTargetResult Target(JsonObject target)
    {
        string name = Text(target, "name") ?? throw new FormatException($"study.json target at {target.GetPath()} has no \"name\".");
        return new StudyTargetResult(
            name,
            Text(target, "model"),
            Text(target, "mode") == ModeName(StudyTargetMode.Simulated) ? StudyTargetMode.Simulated : StudyTargetMode.Measured,
            Text(target, "baseline_dir") ?? Path.Combine(name, "baseline"),
            Text(target, "sweep_dir") ?? Path.Combine(name, "sweep"),
            target["baseline"] is JsonObject baseline ? SummaryJsonReader.Read(baseline) : null,
            target["analysis"] is JsonObject analysis ? SweepAnalysisJson.Read(analysis) : null,
            Text(target, "error"));
    }

    private static string? Text(JsonObject parent, string key) => parent[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}
