namespace LlmLoad.Core.Reporting.Plots;

/// <summary>A chart written to disk: its file stem <see cref="Name"/>, its title, and the paths of the PNG and the SVG.</summary>
public sealed record ChartFile(string Name, string Title, string PngPath, string SvgPath);
