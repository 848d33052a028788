namespace LlmLoad.Core.Reporting.Plots;

/// <summary>A <see cref="ChartSection"/> after drawing: its HTML id, heading and SVG charts, for report.html.</summary>
public sealed record RenderedChartSection(string Id, string Heading, IReadOnlyList<RenderedChart> Charts);
