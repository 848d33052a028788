using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// Loads sweep.json (as <see cref="SweepJsonWriter"/> writes it) back into levels and analysis,
/// for <c>llmload report</c> and <c>compare</c>. The analysis is read as saved, not recomputed;
/// call <see cref="SweepAnalyzer.Analyze"/> on <see cref="SweepDocument.Levels"/> for new thresholds.
/// Level summaries come back through <see cref="SummaryJsonReader"/> (catalogue values exact,
/// no per-second series), with their <c>server</c> blocks. A file that is not a sweep.json throws <see cref="FormatException"/>.
/// </summary>
public static class SweepJsonReader
{
    public static SweepDocument Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(stream);
        }
        catch (JsonException error)
        {
            throw new FormatException($"sweep.json is not valid JSON: {error.Message}", error);
        }
        return Read(root as JsonObject ?? throw new FormatException("sweep.json must hold one JSON object."));
    }

    public static SweepDocument Read(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root["levels"] is not JsonArray levels || root["analysis"] is not JsonObject analysis)
        {
            throw new FormatException("sweep.json needs a \"levels\" array and an \"analysis\" object; is this a summary.json?");
        }
        DateTimeOffset startedAt = StartedAtJson.Read(root);
        return new SweepDocument(
            root["tool_version"]?.GetValue<string>() ?? "",
            startedAt,
            root["model"]?.GetValue<string>(),
            root["config"]?.DeepClone() as JsonObject,
            levels.OfType<JsonObject>().Select(Level).ToArray(),
            SweepAnalysisJson.Read(analysis),
            root["interrupted"]?.GetValue<bool>() ?? false);
    }

    private static SweepLevel Level(JsonObject level)
    {
        int concurrency = JsonNumber.Read(level["concurrency"]) is { } c && c == Math.Floor(c) && c >= 1
            ? (int)c
            : throw new FormatException($"sweep.json level at {level.GetPath()} has no whole-number \"concurrency\".");
        RunSummary[] repeats = (level["repeats"] as JsonArray ?? []).OfType<JsonObject>().Select(SummaryJsonReader.Read).ToArray();
        // the server blocks give a re-rendered report the same engine charts as the original
        return new SweepLevel(concurrency, SummaryJsonReader.Read(level), repeats.Length > 0 ? repeats : null)
            .WithServer(ServerSummaryJson.Read(level[ServerSummaryJson.Key]));
    }
}
