using LlmLoad.Core.Sweep;

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
        options = ChartWriter.Checked(options);
        return ChartWriter.Render(Specs(models, options), directory, options);
    }

    /// <summary>Every chart as an SVG document, in the order of <see cref="Render"/>.</summary>
    public static IReadOnlyList<RenderedChart> RenderSvg(IReadOnlyList<ModelSweep> models, ChartOptions? options = null)
    {
        options = ChartWriter.Checked(options);
        return ChartWriter.RenderSvg(Specs(models, options), options);
    }

    private static IReadOnlyList<ChartSpec> Specs(IReadOnlyList<ModelSweep> models, ChartOptions options)
    {
        ArgumentNullException.ThrowIfNull(models);
        return SweepChartSpecs.Build(models, options);
    }
}
