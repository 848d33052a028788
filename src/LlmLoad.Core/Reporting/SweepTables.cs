using System.Globalization;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// The report tables of sweeps, as <see cref="ReportTable"/> models for any exporter (console,
/// Markdown, HTML): one row per level of a sweep, the verdicts of each model, and the errors by
/// class and status per level.
/// </summary>
public static class SweepTables
{
    /// <summary>The columns of <see cref="Levels"/>, as summary.json keys.</summary>
    public static IReadOnlyList<string> LevelKeys { get; } =
    [
        "success_rate", "request_throughput", "output_throughput", "output_throughput_per_user",
        "mean_ttft_ms", "p99_ttft_ms", "mean_tpot_ms", "p99_tpot_ms", "mean_itl_ms", "p99_e2el_ms", "completed", "failed",
    ];

    /// <summary>The columns <see cref="Levels"/> adds after request throughput when the sweep had per-request SLOs (<c>--goodput</c>).</summary>
    public static IReadOnlyList<string> GoodputKeys { get; } = ["request_goodput", "slo_attainment"];

    /// <summary>
    /// One row per level (label <c>16</c>, <c>32</c>, ...) with <see cref="LevelKeys"/> from the
    /// level's summary (and <see cref="GoodputKeys"/> when a level was measured against per-request SLOs);
    /// when the sweep was repeated, each cell is instead the mean over the level's repeats ± its 95% half-width, and a
    /// last column gives the request-throughput range over repeats.
    /// </summary>
    public static ReportTable Levels(string title, IReadOnlyList<SweepLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        SweepLevel[] sorted = [.. levels.OrderBy(l => l.Concurrency)];
        IReadOnlyList<string> keys = sorted.Any(l => l.Summary.Slo is not null) ? WithGoodput(LevelKeys) : LevelKeys;
        ReportTable table = RepeatConfidence.IsRepeated(sorted)
            ? ReportTable.FromRepeats(title, "Concurrency", keys, [.. sorted.Select(l => (LevelLabel(l), l.Aggregate))],
                "Means over repeats ± 95% CI half-width (whole run). Verdicts read steady throughput and skip levels not reached.")
            : ReportTable.FromMetrics(title, "Concurrency", keys,
            [.. sorted.Select(l => new LabeledSummary(LevelLabel(l), l.Summary))],
            // short enough never to wrap: the console's table width is all the room it has
            "Whole-run figures (repeats: the median run). Verdicts read steady throughput (sweep.json) and skip levels not reached.");
        if (!sorted.Any(l => l.Repeats.Count > 0))
        {
            return table;
        }
        var range = new ReportColumn("request_throughput_range", "Req/s over repeats", "min-max of request throughput over the level's repeats (count)");
        ReportRow[] rows = [.. table.Rows.Select((row, i) => row with { Cells = [.. row.Cells, RangeCell(sorted[i])] })];
        return table with { Columns = [.. table.Columns, range], Rows = rows };
    }

    /// <summary>
    /// One row per model: the peak, the knee, the breakpoint and the max concurrency within SLO; with
    /// per-request SLOs also the highest goodput, its level and the max concurrency at the attainment target.
    /// </summary>
    public static ReportTable Verdicts(IReadOnlyList<ModelSweep> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        ReportColumn[] columns =
        [
            new("peak_request_throughput", "Peak req/s", "highest request throughput (mean over repeats)"),
            new("peak_concurrency", "Peak at c", "the level of the peak"),
            new("peak_output_throughput", "Peak output tok/s", "highest output token throughput"),
            new("knee_concurrency", "Knee c", "lowest level reaching the knee fraction of the peak"),
            new("breakpoint_concurrency", "Breakpoint c", "lowest level that lost requests or fell below the peak"),
            new("max_concurrency_within_slo", "Max c within SLO", "highest level meeting every SLO"),
        ];
        ReportRow[] rows = [.. models.Select(m => new ReportRow(m.Label, Verdicts(m.Analysis)))];
        ReportTable table = new("Verdicts", "Model", columns, rows, "n/a: not measurable (no request completed, or no SLO given); none: not reached.");
        return models.Any(m => m.Analysis?.GoodputPeak is not null) ? WithGoodputVerdicts(table, models) : table;
    }

    // goodput columns right after request throughput, where vLLM prints "Request goodput"
    private static string[] WithGoodput(IReadOnlyList<string> keys)
    {
        int at = keys.ToList().IndexOf("request_throughput") + 1;
        return [.. keys.Take(at), .. GoodputKeys, .. keys.Skip(at)];
    }

    /// <summary>
    /// The goodput verdicts as three more columns, headed briefly so the table still fits 160 columns; the attainment
    /// target in the header is the first model's.
    /// </summary>
    private static ReportTable WithGoodputVerdicts(ReportTable table, IReadOnlyList<ModelSweep> models)
    {
        double target = models.Select(m => m.Analysis?.MaxConcurrencyAtAttainment?.Target).OfType<double>().FirstOrDefault(SweepAnalysisOptions.Default.MinSloAttainment);
        string percent = SweepFormat.ThresholdPercent(target);
        ReportColumn[] columns =
        [
            new("max_goodput", "Goodput req/s", "highest request goodput (requests meeting every per-request SLO per second)"),
            new("max_goodput_concurrency", "Goodput at c", "the level of the highest goodput"),
            new("max_concurrency_at_attainment", $"Max c >={percent} SLO", $"highest level where at least {percent} of requests meet every per-request SLO"),
        ];
        ReportRow[] rows = [.. table.Rows.Select((row, i) => row with { Cells = [.. row.Cells, .. GoodputVerdicts(models[i].Analysis)] })];
        return table with { Columns = [.. table.Columns, .. columns], Rows = rows };
    }

    private static ReportCell[] GoodputVerdicts(SweepAnalysis? analysis)
    {
        if (analysis?.GoodputPeak is not { } peak || analysis.MaxConcurrencyAtAttainment is not { } ceiling)
        {
            return [NotAvailable, NotAvailable, NotAvailable];
        }
        return
        [
            peak.Goodput is { } goodput ? new(goodput, Fixed(goodput)) : NotAvailable,
            peak.Concurrency is { } at ? Count(at) : new ReportCell(null, "none"),
            ceiling.Concurrency is { } c ? Count(c) : new ReportCell(null, "none"),
        ];
    }

    /// <summary>Failures per level by error class and HTTP status (only levels with failures); null when no level failed a request.</summary>
    public static ReportTable? Errors(string title, IReadOnlyList<SweepLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        SweepLevel[] failing = [.. levels.Where(l => l.Summary.Failed > 0).OrderBy(l => l.Concurrency)];
        if (failing.Length == 0)
        {
            return null;
        }
        string[] labels = [.. failing.SelectMany(l => l.Summary.ErrorsByClassAndStatus.Select(e => e.Label)).Distinct().Order(StringComparer.Ordinal)];
        ReportColumn[] columns =
        [
            new("failed", "Failed", "requests that ended in an error class"),
            new("success_rate", "Success %", "successful / attempted"),
            .. labels.Select(label => new ReportColumn(label, label, "failures of this class (and HTTP status)")),
        ];
        ReportRow[] rows = [.. failing.Select(level => new ReportRow(Text(level.Concurrency),
        [
            Count(level.Summary.Failed),
            new(level.Summary.SuccessRate, MetricCatalog.Get("success_rate").Format(level.Summary)),
            .. labels.Select(label => Count(level.Summary.ErrorsByClassAndStatus.Where(e => e.Label == label).Sum(e => e.Count))),
        ]))];
        return new ReportTable(title, "Concurrency", columns, rows, "Levels where at least one request failed; cancelled requests are not failures.");
    }

    private static ReportCell[] Verdicts(SweepAnalysis? analysis)
    {
        if (analysis is null)
        {
            return [.. Enumerable.Repeat(NotAvailable, 6)];
        }
        PeakVerdict? peak = analysis.Peak;
        return
        [
            peak is null ? NotAvailable : new(peak.RequestThroughput, Fixed(peak.RequestThroughput)),
            peak is null ? NotAvailable : Count(peak.Concurrency),
            peak is null ? NotAvailable : new(peak.PeakOutputThroughput, Fixed(peak.PeakOutputThroughput)),
            analysis.Knee is { } knee ? WithConfidence(knee.Concurrency, knee.Confidence) : NotAvailable,
            analysis.Breakpoint.Concurrency is { } at ? WithConfidence(at, analysis.Breakpoint.Confidence) : new ReportCell(null, "none"),
            analysis.MaxConcurrencyWithinSlo is not { } slo ? NotAvailable
                : slo.Concurrency is { } c ? Count(c) : new ReportCell(null, "none"),
        ];
    }

    /// <summary>A verdict's level, with "(certain)" or "(within noise)" after it when the sweep was repeated.</summary>
    private static ReportCell WithConfidence(int concurrency, VerdictConfidence? confidence) =>
        confidence is null ? Count(concurrency) : new ReportCell(concurrency, $"{Text(concurrency)} ({confidence.Label})");

    private static string LevelLabel(SweepLevel level) => level.Reached ? Text(level.Concurrency) : Text(level.Concurrency) + " (not reached)";

    private static ReportCell RangeCell(SweepLevel level) =>
        level.Repeats.Count == 0 || level.RequestThroughput is not { } spread
            ? new ReportCell(null, "")
            : new ReportCell(spread.Mean, $"{Fixed(spread.Min)}-{Fixed(spread.Max)} ({Text(spread.Count)})");

    private static ReportCell NotAvailable { get; } = new(null, MetricDefinition.NotAvailable);

    private static ReportCell Count(int value) => new(value, Text(value));

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Fixed(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
