namespace LlmLoad.Core.Reporting.Plots;

/// <summary>
/// What one chart shows, before any drawing: its file stem, title, y-axis label (with unit), the
/// lines, and the verdict marks (vertical lines at a level, and the plateau's span of levels).
/// The x axis is max concurrency unless <see cref="XLabel"/> names another quantity, drawn on a linear axis;
/// its ticks are whole numbers unless <see cref="IntegerX"/> is false (latencies of a fraction of a millisecond).
/// </summary>
internal sealed record ChartSpec(
    string Name,
    string Title,
    string YLabel,
    IReadOnlyList<ChartSeries> Series,
    IReadOnlyList<ChartMark> Marks,
    (double From, double To, string Label)? Span = null,
    double? YMax = null,
    string? XLabel = null,
    bool IntegerX = true);
