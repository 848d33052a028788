using System.Globalization;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// Tables that put several runs or sweeps side by side, for <c>llmload compare</c>. A comparison does not rank:
/// rows keep the order the directories were given in. Request throughput counts successful requests only, so a
/// run that failed requests can show more req/s than a clean one; the outcome tables put its success rate,
/// failures and interruption next to it and say which results cannot be compared with the first.
/// </summary>
public static class ComparisonTables
{
    /// <summary>
    /// One row per concurrency level measured by any sweep, one column per sweep: its request throughput
    /// at that level (mean over repeats), empty where the sweep has no such level, marked <c>*</c> where the level lost requests.
    /// </summary>
    public static ReportTable RequestThroughputByLevel(IReadOnlyList<ModelSweep> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        LoadPoint[] levels = [.. models.SelectMany(m => m.Levels.Select(l => l.Load)).Distinct().Order()];
        ReportColumn[] columns = [.. models.Select(m => new ReportColumn(m.Label, m.Label, $"request throughput of {m.Label} (req/s)"))];
        ReportRow[] rows = [.. levels.Select(c => new ReportRow(
            c.Number,
            [.. models.Select(m => m.Levels.FirstOrDefault(l => l.Load == c)?.RequestThroughput?.Mean is { } rate
                ? new ReportCell(rate, rate.ToString("F2", CultureInfo.InvariantCulture) + (LostRequests(m, c) ? "*" : ""))
                : new ReportCell(null, ""))]))];
        return new ReportTable("Request throughput (req/s)", LoadPoint.Header(levels.Length > 0 ? levels[0].Axis : LoadAxis.Concurrency), columns, rows,
            "Successful requests per second at each level (mean over repeats); *: the level lost requests (see Outcome); empty: the sweep has no such level.");
    }

    /// <summary>One row per run, in the order given: success rate, completed, failed, cancelled, interrupted, and whether it compares with the first.</summary>
    public static ReportTable RunOutcomes(IReadOnlyList<(ComparedResult Run, RunSummary Summary)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ReportColumn[] columns =
        [
            new("success_rate", "Success %", "successful / attempted"),
            new("completed", "Completed", "successful requests"),
            new("failed", "Failed", "requests that ended in an error class"),
            new("cancelled", "Cancelled", "requests cut off when the run was stopped (not failures)"),
            .. OutcomeColumns,
        ];
        ReportRow[] rows = [.. runs.Select(run => new ReportRow(run.Run.Label,
        [
            new(run.Summary.SuccessRate, MetricCatalog.Get("success_rate").Format(run.Summary)),
            Count(run.Summary.Completed),
            Count(run.Summary.Failed),
            Count(run.Summary.Cancelled),
            .. OutcomeCells(run.Run, runs[0].Run),
        ]))];
        return new ReportTable("Outcome", "Run", columns, rows, OutcomeCaption);
    }

    /// <summary>One row per sweep, in the order given: its failures, its lowest success rate and where, interrupted, and whether it compares with the first.</summary>
    public static ReportTable SweepOutcomes(IReadOnlyList<(ComparedResult Sweep, ModelSweep Model)> sweeps)
    {
        ArgumentNullException.ThrowIfNull(sweeps);
        ReportColumn[] columns =
        [
            new("levels", "Levels", "concurrency levels measured"),
            new("failed", "Failed", "requests that ended in an error class, over all levels"),
            new("lowest_success_rate", "Lowest success %", "the lowest success rate of any level"),
            new("lowest_success_concurrency", "at c", "the level of the lowest success rate"),
            .. OutcomeColumns,
        ];
        ReportRow[] rows = [.. sweeps.Select(sweep =>
        {
            var worst = sweep.Model.Levels.Where(l => l.Summary.SuccessRate is not null).MinBy(l => l.Summary.SuccessRate);
            return new ReportRow(sweep.Sweep.Label,
            [
                Count(sweep.Model.Levels.Count),
                Count(sweep.Model.Levels.Sum(l => l.Summary.Failed)),
                worst is null ? new ReportCell(null, "n/a") : new ReportCell(worst.Summary.SuccessRate, MetricCatalog.Get("success_rate").Format(worst.Summary)),
                worst is null ? new ReportCell(null, "n/a") : new ReportCell(worst.Load.Value, worst.Load.Number),
                .. OutcomeCells(sweep.Sweep, sweeps[0].Sweep),
            ]);
        })];
        return new ReportTable("Outcome", "Sweep", columns, rows, OutcomeCaption);
    }

    private const string OutcomeCaption =
        "Rows keep the order given; compare does not rank. Req/s counts successful requests only: read it with the success rate. "
        + "Comparable: whether the result measured the same workload as the first one and ran to its end.";

    private static ReportColumn[] OutcomeColumns =>
    [
        new("interrupted", "Interrupted", "stopped before its end (its numbers cover part of the run)"),
        new("comparable", "Comparable", "same workload as the first result and not interrupted"),
    ];

    private static ReportCell[] OutcomeCells(ComparedResult result, ComparedResult reference)
    {
        var reasons = result.NotComparableReasons(reference);
        return
        [
            new(result.Interrupted ? 1 : 0, result.Interrupted ? "yes" : "no"),
            new(reasons.Count == 0 ? 1 : 0, reasons.Count == 0 ? "yes" : "no: " + string.Join("; ", reasons)),
        ];
    }

    private static bool LostRequests(ModelSweep model, LoadPoint load) =>
        model.Levels.Any(l => l.Load == load && l.Summary.Failed > 0);

    private static ReportCell Count(int value) => new(value, value.ToString(CultureInfo.InvariantCulture));
}
