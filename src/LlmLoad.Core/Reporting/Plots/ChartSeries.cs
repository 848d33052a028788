namespace LlmLoad.Core.Reporting.Plots;

/// <summary>
/// One line of a chart: points (concurrency, value) in concurrency order, its legend text and
/// colour; a <see cref="Secondary"/> line (a p50 beside its p99) is drawn thinner and paler.
/// <see cref="Low"/> and <see cref="High"/>, when set, are the ends of the 95% confidence interval over repeats
/// (<see cref="Metrics.RepeatStatistics"/>), drawn as error bars.
/// Without <see cref="Markers"/> the points are joined by the line alone (a CDF, a per-second series).
/// </summary>
internal sealed record ChartSeries(
    string Legend,
    string HexColor,
    IReadOnlyList<double> Concurrency,
    IReadOnlyList<double> Values,
    bool Secondary = false,
    IReadOnlyList<double>? Low = null,
    IReadOnlyList<double>? High = null,
    bool Markers = true);
