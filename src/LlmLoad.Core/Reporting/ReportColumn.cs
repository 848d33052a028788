namespace LlmLoad.Core.Reporting;

/// <summary>A table column: the metric's summary.json key, its header (with unit) and its legend.</summary>
public sealed record ReportColumn(string Key, string Header, string Description);
