namespace LlmLoad.Core.Reporting.Plots;

/// <summary>A chart rendered in memory: its file stem <see cref="Name"/>, its title, and the SVG document (for inlining in HTML).</summary>
public sealed record RenderedChart(string Name, string Title, string Svg);
