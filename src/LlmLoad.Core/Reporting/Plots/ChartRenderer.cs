using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace LlmLoad.Core.Reporting.Plots;

/// <summary>
/// Draws a <see cref="ChartSpec"/> with ScottPlot: the bundled font, lines with markers, min-max
/// error bars over repeats, verdict lines labelled along the top edge, a shaded plateau, a y axis
/// from 0, tick labels formatted culture-invariantly, and the legend outside the data on the right.
/// Dashed lines are avoided on purpose: ScottPlot's SVG export prints a native warning for them
/// (dotnet-notes.md §4); a p50 line is thinner, paler and has open markers instead.
/// </summary>
internal static class ChartRenderer
{
    public static Plot Draw(ChartSpec spec, ChartOptions options)
    {
        ChartFonts.EnsureRegistered();
        var plot = new Plot();
        // a chart over something other than concurrency (turns) is linear whatever the options say
        options = spec.XLabel is null ? options : options with { LogConcurrencyAxis = false };
        Func<double, double> x = options.LogConcurrencyAxis ? Math.Log2 : v => v;

        if (spec.Span is { } span)
        {
            var band = plot.Add.HorizontalSpan(x(span.From), x(span.To));
            band.FillColor = Color.FromHex("#888888").WithAlpha(0.12);
            band.LineWidth = 0;
            band.LegendText = span.Label;
        }
        foreach (ChartSeries series in spec.Series.Where(s => s.Values.Count > 0))
        {
            AddSeries(plot, series, x);
        }
        double yTop = YTop(spec);
        (double xMin, double xMax) = XRange(spec, options, x);
        for (int i = 0; i < spec.Marks.Count; i++)
        {
            double at = x(spec.Marks[i].Concurrency);
            // a label near the right edge goes on the left of its line, where it has room
            bool leftOfLine = at > xMin + (xMax - xMin) * 0.7;
            AddMark(plot, spec.Marks[i], at, yTop, i, leftOfLine);
        }

        plot.Font.Set(ChartFonts.FamilyName);
        plot.Title(spec.Title);
        plot.XLabel(spec.XLabel ?? (options.LogConcurrencyAxis ? "Max concurrency (requests in flight, log scale)" : "Max concurrency (requests in flight)"));
        plot.YLabel(spec.YLabel);
        plot.Axes.Left.TickGenerator = new NumericAutomatic { LabelFormatter = Label };
        SetLimits(plot, spec, options, x);
        int lines = spec.Series.Count(s => s.Values.Count > 0);
        if (lines > 1)
        {
            plot.ShowLegend(Edge.Right);
        }
        else if (spec.Span is not null)
        {
            // one line and the plateau: a small legend fits where ramps leave room
            plot.ShowLegend(Alignment.LowerRight);
        }
        return plot;
    }

    private static void AddSeries(Plot plot, ChartSeries series, Func<double, double> x)
    {
        double[] xs = [.. series.Concurrency.Select(x)];
        double[] ys = [.. series.Values];
        Color color = Color.FromHex(series.HexColor);
        if (series.Low is { } low && series.High is { } high)
        {
            var bars = plot.Add.ErrorBar(xs, ys, [.. ys.Select((y, i) => high[i] - y)]);
            bars.YErrorNegative = [.. ys.Select((y, i) => y - low[i])];
            bars.Color = color;
            bars.LineWidth = 1.5f;
            bars.CapSize = 6;
        }
        var scatter = plot.Add.Scatter(xs, ys, series.Secondary ? color.WithAlpha(0.55) : color);
        scatter.LegendText = series.Legend;
        scatter.LineWidth = series.Secondary ? 1.5f : 2.5f;
        scatter.MarkerSize = !series.Markers ? 0 : series.Secondary ? 6 : 7;
        scatter.MarkerShape = series.Secondary ? MarkerShape.OpenCircle : MarkerShape.FilledCircle;
    }

    private static void SetLimits(Plot plot, ChartSpec spec, ChartOptions options, Func<double, double> x)
    {
        double[] levels = Levels(spec);
        (double xMin, double xMax) = XRange(spec, options, x);
        plot.Axes.SetLimitsX(xMin, xMax);
        plot.Axes.SetLimitsY(0, YTop(spec));

        if (options.LogConcurrencyAxis)
        {
            plot.Axes.Bottom.TickGenerator = LogTicks(levels.Length > 0 ? levels : [1, 1024]);
        }
        else
        {
            plot.Axes.Bottom.TickGenerator = new NumericAutomatic { LabelFormatter = Label, IntegerTicksOnly = spec.IntegerX };
        }
    }

    private static double[] Levels(ChartSpec spec) => [.. spec.Series.SelectMany(s => s.Concurrency), .. spec.Marks.Select(m => m.Concurrency)];

    /// <summary>The x axis limits (in axis units): the levels with a little room on both sides.</summary>
    private static (double Min, double Max) XRange(ChartSpec spec, ChartOptions options, Func<double, double> x)
    {
        double[] levels = Levels(spec);
        double low = levels.Length > 0 ? x(levels.Min()) : x(1);
        double high = levels.Length > 0 ? x(levels.Max()) : x(1024);
        double pad = Math.Max((high - low) * 0.04, options.LogConcurrencyAxis ? 0.3 : 1);
        return (low - pad, high + pad);
    }

    /// <summary>The top of the y axis: 8% above the highest value (or error bar), or the spec's fixed maximum.</summary>
    private static double YTop(ChartSpec spec)
    {
        double[] values = [.. spec.Series.SelectMany(s => s.High ?? s.Values), .. spec.Series.SelectMany(s => s.Values)];
        double top = (spec.YMax ?? (values.Length > 0 ? values.Max() : 0)) * 1.08;
        return top > 0 ? top : 1;
    }

    /// <summary>A vertical line with its label inside the top of the data area; each further label sits a line lower, so neighbours do not overlap.</summary>
    private static void AddMark(Plot plot, ChartMark mark, double x, double yTop, int index, bool leftOfLine)
    {
        Color color = Color.FromHex(mark.HexColor);
        var line = plot.Add.VerticalLine(x);
        line.Color = color;
        line.LineWidth = 1.5f;
        var label = plot.Add.Text(mark.Label, x, yTop);
        label.LabelFontName = ChartFonts.FamilyName;
        label.LabelFontSize = 12;
        label.LabelFontColor = Colors.White;
        label.LabelBackgroundColor = color;
        label.LabelPadding = 3;
        label.LabelAlignment = leftOfLine ? Alignment.UpperRight : Alignment.UpperLeft;
        label.OffsetX = leftOfLine ? -3 : 3;
        label.OffsetY = 4 + index * 22;
    }

    /// <summary>Ticks at the powers of two across the levels, or at the levels themselves when that gives fewer than three.</summary>
    private static NumericManual LogTicks(double[] levels)
    {
        int low = (int)Math.Floor(Math.Log2(levels.Min()));
        int high = (int)Math.Ceiling(Math.Log2(levels.Max()));
        double[] ticks = [.. Enumerable.Range(low, high - low + 1).Select(p => Math.Pow(2, p)).Where(t => t >= levels.Min() && t <= levels.Max())];
        if (ticks.Length < 3)
        {
            ticks = [.. levels.Distinct().Order()];
        }
        else
        {
            // the lowest and highest level get a tick too unless a power of two is within half an octave
            ticks = [.. ticks.Concat(new[] { levels.Min(), levels.Max() }.Where(l => ticks.All(t => Math.Abs(Math.Log2(t / l)) >= 0.5))).Order()];
        }
        var generator = new NumericManual();
        foreach (double tick in ticks)
        {
            generator.AddMajor(Math.Log2(tick), Label(tick));
        }
        return generator;
    }

    private static string Label(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
