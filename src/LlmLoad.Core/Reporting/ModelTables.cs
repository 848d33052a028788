using LlmLoad.Core.Metrics;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Reporting;

/// <summary>
/// The split by model of a run with a model mix (<c>--model a:3,b:1</c>, docs/request-mix.md), as report tables: the
/// rows the console's and the report's throughput and latency tables show, the by-model table of a run, and the same
/// per level of a sweep. Every figure is a <see cref="RunSummary.ByModel"/> value (summary.json's <c>by_model</c>),
/// formatted by <see cref="MetricCatalog"/>. A run of one model has no split: each builder then returns the run alone or null. Pure.
/// </summary>
public static class ModelTables
{
    /// <summary>The row label of a model-mix run's totals, above its models' rows.</summary>
    public const string AllModels = "all models";

    /// <summary>The columns of <see cref="ByModel"/> and <see cref="Levels"/>, as summary.json keys.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "completed", "failed", "request_throughput", "output_throughput",
        "median_ttft_ms", "p99_ttft_ms", "median_tpot_ms", "p99_tpot_ms", "median_itl_ms", "p99_itl_ms", "median_e2el_ms", "p99_e2el_ms",
    ];

    private const string Caption = "Each model's figures over its own requests and its own duration (summary.json's by_model).";

    /// <summary>
    /// The rows of the throughput and latency tables: the run under <paramref name="label"/> (its model), or, for a
    /// model mix, <see cref="AllModels"/> followed by one row per model.
    /// </summary>
    public static IReadOnlyList<LabeledSummary> Rows(string label, RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.ByModel is { } byModel
            ? [new LabeledSummary(AllModels, summary), .. byModel.Select(model => new LabeledSummary(model.Model, model.Summary))]
            : [new LabeledSummary(label, summary)];
    }

    /// <summary>One row per model (under <see cref="AllModels"/>) with <see cref="Keys"/>; null when the run used one model.</summary>
    public static ReportTable? ByModel(RunSummary summary, string title = "By model")
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.ByModel is null ? null : ReportTable.FromMetrics(title, "Model", Keys, Rows(AllModels, summary), Caption);
    }

    /// <summary>
    /// One row per model per level (<c>16 · base</c>), levels in load order, with <see cref="Keys"/> from the level's run
    /// (with repeats: its median run, as <see cref="SweepLevel.Summary"/>); null when no level used more than one model.
    /// </summary>
    public static ReportTable? Levels(string title, IReadOnlyList<SweepLevel> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        SweepLevel[] mixed = [.. levels.Where(l => l.Summary.ByModel is not null).OrderBy(l => l.Load)];
        if (mixed.Length == 0)
        {
            return null;
        }
        LabeledSummary[] rows = [.. mixed.SelectMany(level => level.Summary.ByModel!.Select(model => new LabeledSummary($"{level.Load.Number} · {model.Model}", model.Summary)))];
        return ReportTable.FromMetrics(title, LoadPoint.Header(mixed[0].Load.Axis) + " · model", Keys, rows,
            Caption + " Repeated levels: the median run.");
    }

    /// <summary>The title of a result's split by model: <c>By model: LABEL</c> (its model mix, or a study's target).</summary>
    public static string Title(string label) => "By model: " + label;

    /// <summary>The <see cref="ByModel(RunSummary, string)"/> table of each run that mixed models, in order (a study's baselines); the others have none.</summary>
    public static IReadOnlyList<ReportTable> ByModel(IReadOnlyList<LabeledSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return [.. runs.Select(run => ByModel(run.Summary, Title(run.Label))).OfType<ReportTable>()];
    }

    /// <summary>The <see cref="Levels(string, IReadOnlyList{SweepLevel})"/> table of each sweep whose levels mixed models, in order; the others have none.</summary>
    public static IReadOnlyList<ReportTable> Levels(IReadOnlyList<ModelSweep> sweeps)
    {
        ArgumentNullException.ThrowIfNull(sweeps);
        return [.. sweeps.Select(sweep => Levels(Title(sweep.Label), sweep.Levels)).OfType<ReportTable>()];
    }
}
