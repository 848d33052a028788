namespace LlmLoad.Core.Reporting;

/// <summary>One table cell: the value (null when undefined) and its display text, already culture-invariant.</summary>
public sealed record ReportCell(double? Value, string Text);
