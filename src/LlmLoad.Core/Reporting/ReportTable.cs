using LlmLoad.Core.Metrics;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// A report table as a model (rows of cells), which console, Markdown and HTML exporters render.
/// <see cref="RowHeader"/> heads the label column; <see cref="Caption"/> is the legend under the table.
/// </summary>
public sealed record ReportTable(string Title, string RowHeader, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportRow> Rows, string? Caption)
{
    /// <summary>A table with one column per catalogue metric and one row per run, cells formatted by the catalogue.</summary>
    public static ReportTable FromMetrics(
        string title, string rowHeader, IReadOnlyList<string> metricKeys, IReadOnlyList<LabeledSummary> runs, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(metricKeys);
        ArgumentNullException.ThrowIfNull(runs);
        MetricDefinition[] metrics = metricKeys.Select(MetricCatalog.Get).ToArray();
        ReportColumn[] columns = metrics.Select(m => new ReportColumn(m.Key, m.Header, m.Description)).ToArray();
        ReportRow[] rows = runs
            .Select(run => new ReportRow(
                run.Label,
                metrics.Select(m => new ReportCell(m.ValueOf(run.Summary), m.Format(run.Summary))).ToArray()))
            .ToArray();
        return new ReportTable(title, rowHeader, columns, rows, caption);
    }

    /// <summary>
    /// Like <see cref="FromMetrics"/> for repeated measurements: each cell is the metric's mean over the row's runs,
    /// shown as <c>mean ± half-width</c> of its 95% interval (the mean alone for a row measured once).
    /// </summary>
    public static ReportTable FromRepeats(
        string title, string rowHeader, IReadOnlyList<string> metricKeys, IReadOnlyList<(string Label, RepeatAggregate Aggregate)> runs, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(metricKeys);
        ArgumentNullException.ThrowIfNull(runs);
        MetricDefinition[] metrics = metricKeys.Select(MetricCatalog.Get).ToArray();
        ReportColumn[] columns = metrics.Select(m => new ReportColumn(m.Key, m.Header, m.Description + " (mean ± 95% CI half-width over repeats)")).ToArray();
        ReportRow[] rows = runs
            .Select(run => new ReportRow(
                run.Label,
                metrics.Select(m => new ReportCell(run.Aggregate[m.Key]?.Mean, m.Format(run.Aggregate[m.Key]))).ToArray()))
            .ToArray();
        return new ReportTable(title, rowHeader, columns, rows, caption);
    }
}
