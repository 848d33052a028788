using LlmLoad.Core.Sweep;
using ScottPlot;

namespace LlmLoad.Core.Reporting.Plots;

/// <summary>
/// Renders the charts of one sweep or a multi-model study (see <see cref="SweepChartSpecs"/> for
/// the list): PNG and SVG files in a directory, or SVG documents in memory for the HTML report.
/// Each model keeps the colour of its position in <paramref name="models"/> on every chart.
/// File stems: <c>output-throughput</c>, <c>request-throughput-{model}</c>, <c>ttft</c>, <c>tpot</c>,
/// <c>success-rate</c>, <c>ttft-by-turn-{model}</c> for a multi-turn sweep, and with per-request SLOs
/// <c>goodput</c> and <c>slo-attainment</c>.
/// </summary>
public static class SweepCharts
{
    /// <summary>Writes <c>{name}.png</c> and <c>{name}.svg</c> for every chart into <paramref name="directory"/> (created if missing).</summary>
    public static IReadOnlyList<ChartFile> Render(IReadOnlyList<ModelSweep> models, string directory, ChartOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        options = Checked(options);
        Directory.CreateDirectory(directory);
        var files = new List<ChartFile>();
        foreach (ChartSpec spec in Specs(models, options))
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

    /// <summary>Every chart as an SVG document, in the order of <see cref="Render"/>.</summary>
    public static IReadOnlyList<RenderedChart> RenderSvg(IReadOnlyList<ModelSweep> models, ChartOptions? options = null)
    {
        options = Checked(options);
        var charts = new List<RenderedChart>();
        foreach (ChartSpec spec in Specs(models, options))
        {
            using Plot plot = ChartRenderer.Draw(spec, options);
            charts.Add(new RenderedChart(spec.Name, spec.Title, plot.GetSvgXml(options.WidthPixels, options.HeightPixels)));
        }
        return charts;
    }

    private static IReadOnlyList<ChartSpec> Specs(IReadOnlyList<ModelSweep> models, ChartOptions options)
    {
        ArgumentNullException.ThrowIfNull(models);
        return SweepChartSpecs.Build(models, options);
    }

    private static ChartOptions Checked(ChartOptions? options)
    {
        options ??= ChartOptions.Default;
        IReadOnlyList<string> problems = options.Validate();
        return problems.Count == 0
            ? options
            : throw new ArgumentException("invalid chart options: " + string.Join(" ", problems), nameof(options));
    }
}
