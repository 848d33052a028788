using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Telemetry;

namespace LlmLoad.Core.Running;

/// <summary>What a finished (or interrupted) run produced; the files are already on disk. <see cref="Server"/>: one block per scraped metrics page (empty when none).</summary>
public sealed record RunResult(
    string OutputDirectory,
    string Model,
    IReadOnlyList<RequestRecord> Records,
    RunSummary Summary,
    IReadOnlyList<string> Warnings,
    bool Interrupted,
    ClientHealth? ClientHealth = null,
    IReadOnlyList<ServerSummary>? Server = null)
{
    /// <summary>How the sessions of a multi-turn run ended; null for a single-turn run.</summary>
    public SessionCounts? Sessions { get; init; }

    /// <summary>The configuration written to summary.json (already redacted), and when the run started.</summary>
    public System.Text.Json.Nodes.JsonObject? Configuration { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>What the run is called in its tables and report: its model, or its whole model mix (<see cref="ModelLabel"/>).</summary>
    public string Label => ModelLabel.Of(Configuration) ?? Model;
}
