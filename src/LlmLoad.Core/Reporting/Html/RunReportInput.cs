using System.Text.Json.Nodes;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting.Plots;

namespace LlmLoad.Core.Reporting.Html;

/// <summary>What one run's report.html shows: its summary, its charts already drawn, and everything around them.</summary>
public sealed record RunReportInput
{
    /// <summary>The page heading, e.g. <c>llmload run: llama-8b</c>.</summary>
    public required string Title { get; init; }

    /// <summary>What heads the run's row in the throughput and latency tables: the model.</summary>
    public required string Label { get; init; }

    public required RunSummary Summary { get; init; }

    /// <summary>The charts, section by section, in page order (see <see cref="RunReportWriter"/>).</summary>
    public IReadOnlyList<RenderedChartSection> ChartSections { get; init; } = [];

    /// <summary>The load generator's own health; null when it was not recorded.</summary>
    public ClientHealth? ClientHealth { get; init; }

    /// <summary>A merged run's per-shard table (its caption the warnings where the shards disagree); null for one process's run.</summary>
    public ReportTable? Shards { get; init; }

    /// <summary>The run was stopped before its end (Ctrl-C, or killed): its numbers cover what was measured until then.</summary>
    public bool Interrupted { get; init; }

    /// <summary>The run configuration, already redacted; shown pretty-printed.</summary>
    public JsonNode? Configuration { get; init; }

    public string? ToolVersion { get; init; }

    public DateTimeOffset? StartedAt { get; init; }
}
