using System.Text.Json.Nodes;
using LlmLoad.Core.Reporting.Plots;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Reporting.Html;

/// <summary>What report.html shows: one sweep or a multi-model study, and everything around it.</summary>
public sealed record ReportInput
{
    /// <summary>The page heading, e.g. <c>llmload study: radiant-study.yaml</c>.</summary>
    public required string Title { get; init; }

    /// <summary>The models (one for a plain sweep), each with its levels and analysis, in palette order.</summary>
    public required IReadOnlyList<ModelSweep> Models { get; init; }

    /// <summary>The charts to inline, usually <see cref="SweepCharts.RenderSvg"/> of <see cref="Models"/>.</summary>
    public IReadOnlyList<RenderedChart> Charts { get; init; } = [];

    /// <summary>One run per model at the baseline level, for the published study's two tables; empty to leave them out.</summary>
    public IReadOnlyList<LabeledSummary> Baseline { get; init; } = [];

    /// <summary>The concurrency of the baseline runs, named in the tables' heading.</summary>
    public int? BaselineConcurrency { get; init; }

    /// <summary>A merged sweep's per-shard table of each level; empty for one process's sweep.</summary>
    public IReadOnlyList<ReportTable> Shards { get; init; } = [];

    /// <summary>The run configuration, already redacted; shown pretty-printed.</summary>
    public JsonNode? Configuration { get; init; }

    public string? ToolVersion { get; init; }

    public DateTimeOffset? StartedAt { get; init; }
}
