using ScottPlot;

namespace LlmLoad.Core.Reporting.Plots;

/// <summary>
/// Draws chart specs to files (a PNG and an SVG each) or to SVG documents in memory; shared by every family of
/// charts (<see cref="SweepCharts"/>, <see cref="ServerTimelineCharts"/>) so they are drawn and named alike.
/// </summary>
internal static class ChartWriter
{
    /// <summary>Writes <c>{name}.png</c> and <c>{name}.svg</c> for every spec into <paramref name="directory"/> (created if missing).</summary>
    public static IReadOnlyList<ChartFile> Render(IEnumerable<ChartSpec> specs, string directory, ChartOptions options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        var files = new List<ChartFile>();
        foreach (ChartSpec spec in specs)
        {
            using Plot plot = ChartRenderer.Draw(spec, options);
            string png = Path.Combine(directory, spec.Name + ".png");
            string svg = Path.Combine(directory, spec.Name + ".svg");
            plot.SavePng(png, options.WidthPixels, options.HeightPixels);
            File.WriteAllText(svg, plot.GetSvgXml(options.WidthPixels, options.HeightPixels));
            files.Add(new ChartFile(spec.Name, spec.Title, png, svg));
        }
        return files;
    }

    /// <summary>Every spec as an SVG document, in order.</summary>
    public static IReadOnlyList<RenderedChart> RenderSvg(IEnumerable<ChartSpec> specs, ChartOptions options)
    {
        var charts = new List<RenderedChart>();
        foreach (ChartSpec spec in specs)
        {
            using Plot plot = ChartRenderer.Draw(spec, options);
            charts.Add(new RenderedChart(spec.Name, spec.Title, plot.GetSvgXml(options.WidthPixels, options.HeightPixels)));
        }
        return charts;
    }

    /// <summary>The options, or the defaults; invalid options are a programmer mistake.</summary>
    public static ChartOptions Checked(ChartOptions? options)
    {
        options ??= ChartOptions.Default;
        IReadOnlyList<string> problems = options.Validate();
        return problems.Count == 0
            ? options
            : throw new ArgumentException("invalid chart options: " + string.Join(" ", problems), nameof(options));
    }
}
