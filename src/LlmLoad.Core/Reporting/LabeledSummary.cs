using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Reporting;

/// <summary>A run summary with the label its row carries in a comparison table (a model name, a run id).</summary>
public sealed record LabeledSummary(string Label, RunSummary Summary);
