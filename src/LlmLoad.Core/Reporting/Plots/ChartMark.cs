namespace LlmLoad.Core.Reporting.Plots;

/// <summary>A vertical line at a concurrency level with a short label, e.g. "knee c=800".</summary>
internal sealed record ChartMark(double Concurrency, string Label, string HexColor);
