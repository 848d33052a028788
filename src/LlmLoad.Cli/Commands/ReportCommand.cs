using System.CommandLine;
using LlmLoad.Cli.Console;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Running;
using LlmLoad.Core.Sharding;
using LlmLoad.Core.Study;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// <c>llmload report DIR</c>: renders saved results again. A study directory (study.json) or a sweep
/// directory (sweep.json) gets its charts and report.html rewritten and its tables printed; a run
/// directory has its summary computed again from requests.jsonl (the records are the truth), printed, and drawn
/// again as report.html and charts/ (with the engine's charts over time from server_metrics.jsonl), as <c>run</c> writes them.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var directory = new Argument<string>("dir") { Description = "A directory written by llmload study, sweep or run." };
        var command = new Command("report", "Render saved results again: charts and report.html of a study, sweep or run (a run's recomputed from its records).");
        command.Arguments.Add(directory);
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(directory)!;
            try
            {
                return SavedResults.KindOf(dir) switch
                {
                    SavedResults.Kind.Study => Study(dir, context),
                    SavedResults.Kind.Sweep => Sweep(dir, context),
                    SavedResults.Kind.RepeatedRun => RepeatedRun(dir, context),
                    SavedResults.Kind.Run => Run(dir, context),
                    _ => context.Fail(ExitCodes.InvalidInput, [SavedResults.NothingThere(dir)]),
                };
            }
            catch (Exception exception) when (exception is FormatException or InvalidDataException)
            {
                return context.Fail(ExitCodes.InvalidInput, [exception.Message]);
            }
        });
        return command;
    }

    private static int Study(string dir, CliContext context)
    {
        var warnings = new List<string>();
        var results = StudyResults.Load(dir, warnings);
        warnings.ForEach(context.Warn);
        StudyReportWriter.Write(dir, results);
        StudyCommand.Print(context.Out, results);
        context.Out.WriteLine($"Rendered: {Path.GetFullPath(dir)} (tables.md, report.html, charts/)");
        return ExitCodes.Success;
    }

    private static int Sweep(string dir, CliContext context)
    {
        var document = SavedResults.ReadSweep(dir);
        SweepRunner.WriteReport(dir, document);
        SweepPrinter.Print(context.Out, [new ModelSweep(document.Model ?? "endpoint", document.Levels, document.Analysis)]);
        context.Out.WriteLine($"Rendered: {Path.GetFullPath(dir)} (report.html, charts/)");
        return ExitCodes.Success;
    }

    private static int RepeatedRun(string dir, CliContext context)
    {
        var repeated = SavedRepeatedRun.Load(dir);
        foreach (var run in repeated.Repeats)
        {
            run.Warnings.ToList().ForEach(warning => context.Warn($"{Path.GetFileName(run.Directory)}: {warning}"));
            RunReportWriter.Write(run);
        }
        RunCommand.PrintRepeats(context.Out, repeated.Repeats[0].Label, repeated.Aggregate);
        context.Out.WriteLine($"Rendered: each repeat's report.html and charts/ in {Path.GetFullPath(dir)} ({string.Join(", ", repeated.Repeats.Select(run => Path.GetFileName(run.Directory)))})");
        return ExitCodes.Success;
    }

    private static int Run(string dir, CliContext context)
    {
        var run = SavedRun.Load(dir);
        run.Warnings.ToList().ForEach(context.Warn);
        ResultPrinter.Print(context.Out, run.Label, run.Summary);
        context.Out.WriteLine(run.FromRecords
            ? $"Computed from the records in {Path.Combine(dir, SavedRun.RecordsFileName)}."
            : $"Read from {Path.Combine(dir, SavedRun.SummaryFileName)} (no requests.jsonl to recompute it from).");
        // a merged run's summary.json keeps its shards, so its report shows them again
        RunReportWriter.Write(run, MergedClientHealthJson.ReadTable(dir));
        context.Out.WriteLine($"Rendered: {Path.GetFullPath(dir)} (report.html, charts/)");
        return ExitCodes.Success;
    }
}
