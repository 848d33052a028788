using System.Text.Json;
using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// One run read back from its directory, for <c>llmload report</c> and <c>compare</c>. When
/// requests.jsonl is there the summary is computed again from the records (the records are the truth,
/// and a killed run has no summary.json); otherwise summary.json is read as saved. The label is the
/// model (or model mix, <see cref="ModelLabel"/>) named in summary.json, else the directory's name.
/// </summary>
public sealed record SavedRun(string Label, string Directory, RunSummary Summary, bool FromRecords, IReadOnlyList<string> Warnings)
{
    public const string RecordsFileName = "requests.jsonl";
    public const string SummaryFileName = "summary.json";

    /// <summary>The run was stopped before its end: summary.json says so, or there is none (the run was killed).</summary>
    public bool Interrupted { get; init; }

    /// <summary>summary.json's <c>config</c> (already redacted), or null without summary.json.</summary>
    public JsonObject? Configuration { get; init; }

    /// <summary>The records of requests.jsonl, warm-up included; empty without it.</summary>
    public IReadOnlyList<RequestRecord> Records { get; init; } = [];

    /// <summary>summary.json's <c>client_health</c>, or null without it.</summary>
    public ClientHealth? ClientHealth { get; init; }

    /// <summary>summary.json's <c>started_at</c> and <c>tool_version</c>, or null without summary.json.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    public string? ToolVersion { get; init; }

    /// <summary>summary.json's <c>session_counts</c> (a multi-turn run's), or null without them.</summary>
    public SessionCounts? Sessions { get; init; }

    /// <summary>summary.json's <c>server</c> blocks (what the engine's metrics pages said); empty when it has none.</summary>
    public IReadOnlyList<Telemetry.ServerSummary> Server { get; init; } = [];

    /// <summary>Whether <paramref name="directory"/> holds a run (summary.json or requests.jsonl).</summary>
    public static bool IsRunDirectory(string directory) =>
        File.Exists(Path.Combine(directory, SummaryFileName)) || File.Exists(Path.Combine(directory, RecordsFileName));

    /// <exception cref="FormatException">summary.json is not valid JSON.</exception>
    /// <exception cref="InvalidDataException">requests.jsonl has a bad line before its last one.</exception>
    public static SavedRun Load(string directory)
    {
        string summaryPath = Path.Combine(directory, SummaryFileName);
        string recordsPath = Path.Combine(directory, RecordsFileName);
        JsonObject? saved = File.Exists(summaryPath) ? ReadObject(summaryPath) : null;
        RunSummary? savedSummary = saved is null ? null : SummaryJsonReader.Read(saved);
        string label = ModelLabel.Of(saved?["config"] as JsonObject) ?? new DirectoryInfo(directory).Name;
        bool interrupted = saved is null || (saved["interrupted"] is JsonValue flag && flag.TryGetValue(out bool stopped) && stopped);
        JsonObject? configuration = saved?["config"] as JsonObject;
        var server = ServerSummaryJson.Read(saved?[ServerSummaryJson.Key]);
        if (!File.Exists(recordsPath))
        {
            return WithSaved(new SavedRun(label, directory, savedSummary!, FromRecords: false, []) { Interrupted = interrupted, Configuration = configuration, Server = server }, saved);
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
            Ramp = configuration?["ramp"] is JsonValue ramp && ramp.TryGetValue(out string? spec) ? LoadRamp.TryParse(spec, out _) : null,
        });
        return WithSaved(new SavedRun(label, directory, summary, FromRecords: true, warnings)
        {
            Interrupted = interrupted,
            Configuration = configuration,
            Records = read.Records,
            Server = server,
        }, saved);
    }

    /// <summary>What only summary.json holds: the client's health, the start time, the tool's version and the session counts.</summary>
    private static SavedRun WithSaved(SavedRun run, JsonObject? saved)
    {
        if (saved is null)
        {
            return run;
        }
        // an open loop that filled its --concurrency cap was held back by the cap (LevelRunner's rule)
        int? capReached = run.Summary.MaxConcurrency is { } cap && run.Summary.PeakConcurrency >= cap ? cap : null;
        return run with
        {
            ClientHealth = ClientHealthJson.Read(saved, capReached),
            StartedAt = saved[StartedAtJson.Key] is null ? null : StartedAtJson.Read(saved),
            ToolVersion = saved["tool_version"] is JsonValue version && version.TryGetValue(out string? text) ? text : null,
            Sessions = SessionCountsJson.Read(saved),
        };
    }

    /// <exception cref="FormatException">The file is not one JSON object (the message names the path).</exception>
    internal static JsonObject ReadObject(string path)
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
