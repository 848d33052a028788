using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Running;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// One run read back from its directory, for <c>llmload report</c> and <c>compare</c>. When
/// requests.jsonl is there the summary is computed again from the records (the records are the truth,
/// and a killed run has no summary.json); otherwise summary.json is read as saved. The label is the
/// model named in summary.json, else the directory's name.
/// </summary>
public sealed record SavedRun(string Label, string Directory, RunSummary Summary, bool FromRecords, IReadOnlyList<string> Warnings)
{
    /// <summary>The run was stopped before its end: summary.json says so, or there is none (the run was killed).</summary>
    public bool Interrupted { get; init; }

    /// <summary>summary.json's <c>config</c> (already redacted), or null without summary.json.</summary>
    public JsonObject? Configuration { get; init; }

    /// <summary>summary.json's <c>server</c> blocks (what the engine's metrics pages said); empty when it has none.</summary>
    public IReadOnlyList<Telemetry.ServerSummary> Server { get; init; } = [];

    /// <summary>Whether <paramref name="directory"/> holds a run (summary.json or requests.jsonl).</summary>
    public static bool IsRunDirectory(string directory) =>
        File.Exists(Path.Combine(directory, BenchmarkRunner.SummaryFileName)) || File.Exists(Path.Combine(directory, BenchmarkRunner.RecordsFileName));

    /// <exception cref="FormatException">summary.json is not valid JSON.</exception>
    /// <exception cref="InvalidDataException">requests.jsonl has a bad line before its last one.</exception>
    public static SavedRun Load(string directory)
    {
        string summaryPath = Path.Combine(directory, BenchmarkRunner.SummaryFileName);
        string recordsPath = Path.Combine(directory, BenchmarkRunner.RecordsFileName);
        JsonObject? saved = File.Exists(summaryPath) ? ReadObject(summaryPath) : null;
        RunSummary? savedSummary = saved is null ? null : SummaryJsonReader.Read(saved);
        string label = saved?["config"]?["model"] is JsonValue model && model.TryGetValue(out string? name) && name.Length > 0
            ? name
            : new DirectoryInfo(directory).Name;
        bool interrupted = saved is null || (saved["interrupted"] is JsonValue flag && flag.TryGetValue(out bool stopped) && stopped);
        JsonObject? configuration = saved?["config"] as JsonObject;
        var server = Telemetry.ServerSummaryJson.Read(saved?[Telemetry.ServerSummaryJson.Key]);
        if (!File.Exists(recordsPath))
        {
            return new SavedRun(label, directory, savedSummary!, FromRecords: false, []) { Interrupted = interrupted, Configuration = configuration, Server = server };
        }

        RecordReader.Result read = RecordReader.ReadFile(recordsPath);
        var warnings = new List<string>(read.Warnings);
        if (saved is null)
        {
            warnings.Add($"{summaryPath} is missing (the run did not finish); the summary comes from the records alone, without the run's concurrency or rate.");
        }
        RunSummary summary = RunSummarizer.Summarize(read.Records, new SummaryOptions
        {
            MaxConcurrency = savedSummary?.MaxConcurrency,
            RequestRate = savedSummary?.RequestRate,
            Slo = savedSummary?.Slo,
        });
        return new SavedRun(label, directory, summary, FromRecords: true, warnings) { Interrupted = interrupted, Configuration = configuration, Server = server };
    }

    private static JsonObject ReadObject(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject ?? throw new FormatException($"{path} must hold one JSON object.");
        }
        catch (JsonException error)
        {
            throw new FormatException($"{path} is not valid JSON: {error.Message}", error);
        }
    }
}
