using LlmLoad.Core.Reporting;
using LlmLoad.Core.Running;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Cli.Console;

/// <summary>Prints a sweep's result: the level table (and each level's split by model, for a model mix), the verdicts with their evidence, and the reading.</summary>
internal static class SweepPrinter
{
    public static void Print(TextWriter output, IReadOnlyList<ModelSweep> models)
    {
        var withGoodput = models.Any(model => model.Levels.Any(level => level.Summary.Slo is not null));
        // "mean ± half-width" cells of a repeated sweep need the goodput table's width not to wrap
        var repeated = models.Any(model => model.Levels.Any(level => level.Repeats.Count >= 2));
        // so do the by-model table's "32 · sql-lora" labels beside its 12 columns
        var mixed = models.Any(model => model.Levels.Any(level => level.Summary.ByModel is not null));
        var console = ResultPrinter.CreateConsole(output, withGoodput || repeated || mixed ? ResultPrinter.GoodputSweepWidth : ResultPrinter.RedirectedWidth);
        foreach (var model in models)
        {
            console.Write(ResultPrinter.ToSpectre(SweepTables.Levels($"Sweep: {model.Label}", model.Levels)));
            if (ModelTables.Levels(ModelTables.Title(model.Label), model.Levels) is { } byModel)
            {
                console.Write(ResultPrinter.ToSpectre(byModel));
            }
            if (SweepTables.Errors($"Errors: {model.Label}", model.Levels) is { } errors)
            {
                console.Write(ResultPrinter.ToSpectre(errors));
            }
        }
        console.Write(ResultPrinter.ToSpectre(SweepTables.Verdicts(models)));
        foreach (var model in models.Where(model => model.Analysis is not null))
        {
            output.WriteLine($"{model.Label}: {model.Analysis!.Reading}");
            if (model.Analysis is { PlateauExplanation: null, BreakpointExplanation: null } analysis && (analysis.Plateau is not null || analysis.Breakpoint.Load is not null))
            {
                output.WriteLine($"{model.Label}: no server metrics, so the plateau and breakpoint have no cause (see --server-metrics).");
            }
        }
    }

    /// <summary>A sweep runner that shows each level on stderr: its name, a progress display while it runs, then its line.</summary>
    /// <param name="writeReport">False (<c>--no-report</c>): the runner writes no report.html or charts.</param>
    public static SweepRunner CreateRunner(CliContext context, int repeats, bool writeReport = true) => new(context.TimeProvider)
    {
        WritesReport = writeReport,
        LevelStarting = (load, repeat, progress) =>
        {
            context.Error.WriteLine(repeats > 1 ? $"level {load} (repeat {repeat}/{repeats})" : $"level {load}");
            return new ProgressReporter(progress, context.TimeProvider);
        },
        LevelFinished = level => context.Error.WriteLine(LevelLine(level)),
    };

    /// <summary>The one line printed as each level finishes.</summary>
    public static string LevelLine(SweepLevel level) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{level.Load,-7} {level.Summary.RequestsPerSecond ?? 0,8:0.00} req/s {level.Summary.OutputTokensPerSecond ?? 0,10:0.0} tok/s  TTFT p99 {level.Summary.Ttft.P99 ?? double.NaN,8:0.0} ms  TPOT mean {level.Summary.Tpot.Mean ?? double.NaN,6:0.00} ms  success {100 * (level.SuccessRate ?? 0),6:0.00}%")
            + (level.Reached ? "" : NotReached(level));

    /// <summary>The warning for a level that never had its concurrency in flight (the analysis leaves it out).</summary>
    public static string NotReached(SweepLevel level) =>
        $"  warning: not reached, at most {level.Summary.PeakConcurrency} of {level.Load.Number} requests in flight; left out of the verdicts";
}
