namespace LlmLoad.Core.Reporting;

/// <summary>A table row: its label (a model, a run, a concurrency level) and one cell per column.</summary>
public sealed record ReportRow(string Label, IReadOnlyList<ReportCell> Cells);
