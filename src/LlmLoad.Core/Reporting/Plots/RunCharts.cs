using ScottPlot;

namespace LlmLoad.Core.Reporting.Plots;

/// <summary>
/// Draws a run's chart sections (<see cref="RunChartSpecs"/>) once each: the SVG for report.html and, when a
/// directory is given, <c>{name}.png</c> and <c>{name}.svg</c> in it.
/// </summary>
internal static class RunCharts
{
    /// <summary>The sections drawn, in order, and the files written to <paramref name="directory"/> (none when it is null).</summary>
    public static (IReadOnlyList<RenderedChartSection> Sections, IReadOnlyList<ChartFile> Files) Render(IReadOnlyList<ChartSection> sections, string? directory)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ChartOptions options = ChartOptions.Default with { LogConcurrencyAxis = false };
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        var rendered = new List<RenderedChartSection>();
        var files = new List<ChartFile>();
        foreach (ChartSection section in sections)
        {
            var charts = new List<RenderedChart>();
            foreach (ChartSpec spec in section.Charts)
            {
                using Plot plot = ChartRenderer.Draw(spec, options);
                string svg = plot.GetSvgXml(options.WidthPixels, options.HeightPixels);
                charts.Add(new RenderedChart(spec.Name, spec.Title, svg));
                if (directory is not null)
                {
                    string pngPath = Path.Combine(directory, spec.Name + ".png");
                    string svgPath = Path.Combine(directory, spec.Name + ".svg");
                    plot.SavePng(pngPath, options.WidthPixels, options.HeightPixels);
                    File.WriteAllText(svgPath, svg);
                    files.Add(new ChartFile(spec.Name, spec.Title, pngPath, svgPath));
                }
            }
            rendered.Add(new RenderedChartSection(section.Id, section.Heading, charts));
        }
        return (rendered, files);
    }
}
