using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// A run repeated with <c>--repeats</c>, read back from its directory: summary.json there lists the finished repeats'
/// sub-directories, each a <see cref="SavedRun"/> (recomputed from its records), and the aggregate is computed again
/// over them.
/// </summary>
public sealed record SavedRepeatedRun(string Directory, IReadOnlyList<SavedRun> Repeats, RepeatAggregate Aggregate)
{
    /// <summary>
    /// Whether <paramref name="directory"/>'s summary.json is a repeated run's (it has a <c>repeats</c> list). A summary.json
    /// that is not JSON is not one: reading it as a run reports the problem.
    /// </summary>
    public static bool IsRepeatedRunDirectory(string directory)
    {
        try
        {
            string path = Path.Combine(directory, SavedRun.SummaryFileName);
            return File.Exists(path) && JsonNode.Parse(File.ReadAllBytes(path))?["repeats"] is JsonArray;
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <exception cref="FormatException">summary.json is not valid JSON or lists no finished repeat.</exception>
    /// <exception cref="InvalidDataException">A repeat's requests.jsonl has a bad line before its last one.</exception>
    public static SavedRepeatedRun Load(string directory)
    {
        var entries = SavedRun.ReadObject(Path.Combine(directory, SavedRun.SummaryFileName))["repeats"] as JsonArray ?? [];
        SavedRun[] repeats = [.. entries
            .Select(entry => entry?["directory"] is JsonValue name && name.TryGetValue(out string? sub) ? sub : null)
            .OfType<string>()
            .Select(sub => Path.Combine(directory, sub))
            .Where(SavedRun.IsRunDirectory)
            .Select(SavedRun.Load)];
        if (repeats.Length == 0)
        {
            throw new FormatException($"{Path.Combine(directory, SavedRun.SummaryFileName)} lists no finished repeat whose directory is there.");
        }
        return new SavedRepeatedRun(directory, repeats, new RepeatAggregate([.. repeats.Select(run => run.Summary)]));
    }
}
