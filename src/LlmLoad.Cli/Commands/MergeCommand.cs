using System.CommandLine;
using LlmLoad.Cli.Console;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Running;
using LlmLoad.Core.Sharding;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// <c>llmload merge DIR... --output-dir OUT</c>: the shards of one run (or sweep) into the result one process would have
/// written: records pooled on one time base, every aggregate computed again from them (sweep files, plots and report
/// for a sweep), a per-shard table and warnings where the shards disagree. Refuses shards of different runs or
/// configurations; merges without a missing or half-written shard only with <c>--allow-partial</c>.
/// </summary>
internal static class MergeCommand
{
    public static Command Create(CliContext context)
    {
        var directories = new Argument<string[]>("dir") { Description = "The shards' result directories (each written by run or sweep with --shard).", Arity = ArgumentArity.OneOrMore };
        var outputDir = new Option<string>("--output-dir") { Description = "Where the merged result goes.", Required = true };
        var allowPartial = new Option<bool>("--allow-partial") { Description = "Merge the shards there are when some are missing or half-written (reported as warnings)." };
        var overwrite = OutputDirectoryOptions.Overwrite();
        var noReport = new Option<bool>("--no-report") { Description = "Skip report.html and the charts (the merged records, summary.json and shards.md are still written; `llmload report OUT` draws them later)." };
        var command = new Command("merge", "Merge the shard directories of one sharded run or sweep into one result.");
        command.Arguments.Add(directories);
        command.Options.Add(outputDir);
        command.Options.Add(allowPartial);
        command.Options.Add(overwrite);
        command.Options.Add(noReport);
        command.SetAction((parse, _) =>
        {
            var output = parse.GetValue(outputDir)!;
            if (OutputDirectoryOptions.Occupied(output, parse.GetValue(overwrite)) is { } occupied)
            {
                return Task.FromResult(context.Fail(ExitCodes.InvalidInput, [occupied]));
            }
            return MergeAsync(parse.GetValue(directories)!, output, parse.GetValue(allowPartial), !parse.GetValue(noReport), context);
        });
        return command;
    }

    /// <summary>Merges shard directories of a run, or of a sweep when they hold sweep.json; also the last step of <c>--processes</c>.</summary>
    /// <param name="writeReport">False (<c>--no-report</c>): no report.html or charts for the merged result.</param>
    public static async Task<int> MergeAsync(IReadOnlyList<string> directories, string outputDirectory, bool allowPartial, bool writeReport, CliContext context)
    {
        try
        {
            return directories.Any(d => SavedResults.KindOf(d) == SavedResults.Kind.Sweep)
                ? await MergeSweepAsync(directories, outputDirectory, allowPartial, writeReport, context)
                : await MergeRunAsync(directories, outputDirectory, allowPartial, writeReport, context);
        }
        catch (Exception exception) when (exception is FormatException or InvalidDataException)
        {
            return context.Fail(ExitCodes.InvalidInput, [exception.Message]);
        }
    }

    private static async Task<int> MergeRunAsync(IReadOnlyList<string> directories, string outputDirectory, bool allowPartial, bool writeReport, CliContext context)
    {
        var (merged, problems) = MergeLevel(directories, allowPartial, context, "");
        if (merged is null)
        {
            return context.Fail(ExitCodes.InvalidInput, problems);
        }
        await MergedRunWriter.WriteAsync(outputDirectory, merged, ToolInfo.Version, writeReport);
        merged.Warnings.ToList().ForEach(context.Warn);
        ResultPrinter.Print(context.Out, ModelLabel.Of(merged.Configuration) ?? "merged run", merged.Summary);
        if (merged.Sessions is { } sessions)
        {
            context.Out.WriteLine(sessions.Describe());
        }
        ResultPrinter.CreateConsole(context.Out).Write(ResultPrinter.ToSpectre(ShardTable.Build(merged)));
        context.Out.WriteLine($"Merged {merged.Shards.Count} shards: {Path.GetFullPath(outputDirectory)} (requests.jsonl, summary.json, shards.md{(writeReport ? ", report.html, charts/" : "")})");
        return merged.Interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    /// <summary>
    /// The sweep the shards ran together: each level merged as a run (its shards' level directories), then analysed
    /// again with the sweep's own thresholds, as <c>sweep</c> analyses its levels.
    /// </summary>
    private static async Task<int> MergeSweepAsync(IReadOnlyList<string> directories, string outputDirectory, bool allowPartial, bool writeReport, CliContext context)
    {
        var gaps = directories.Where(d => SavedResults.KindOf(d) != SavedResults.Kind.Sweep)
            .Select(d => $"{d} has no sweep.json: the shard's sweep did not finish, or it is not a sweep's result.").ToList();
        var sweeps = directories.Where(d => SavedResults.KindOf(d) == SavedResults.Kind.Sweep).Select(d => (Directory: d, Document: SavedResults.ReadSweep(d))).ToList();
        var first = sweeps[0];
        var refusals = sweeps.Skip(1)
            .Select(s => ShardMerger.ConfigurationDifference(first.Directory, first.Document.Configuration ?? [], s.Directory, s.Document.Configuration ?? []))
            .OfType<string>().ToList();
        if (refusals.Count > 0)
        {
            return context.Fail(ExitCodes.InvalidInput, refusals);
        }
        if (gaps.Count > 0 && !allowPartial)
        {
            return context.Fail(ExitCodes.InvalidInput, [.. gaps, PartialHint]);
        }
        gaps.ForEach(context.Warn);

        // the levels of the shard that ran the most of them: an interrupted shard's sweep ends early
        var plan = sweeps.MaxBy(s => s.Document.Levels.Count).Document;
        var levels = new List<SweepLevel>();
        foreach (var load in plan.Levels.Select(level => level.Load))
        {
            var name = SweepRunner.LevelDirectoryName(load, 1, 1);
            var (merged, problems) = MergeLevel([.. sweeps.Select(s => Path.Combine(s.Directory, name))], allowPartial, context, $"level {name}: ");
            if (merged is null)
            {
                return context.Fail(ExitCodes.InvalidInput, problems);
            }
            await MergedRunWriter.WriteAsync(Path.Combine(outputDirectory, name), merged, ToolInfo.Version, writeReport: false);
            merged.Warnings.ToList().ForEach(warning => context.Warn($"level {name}: {warning}"));
            levels.Add(SweepLevel.FromRepeats(load, [merged.Summary]));
        }
        var document = new SweepDocument(ToolInfo.Version, sweeps.Min(s => s.Document.StartedAt), plan.Model, plan.Configuration, levels,
            SweepAnalyzer.Analyze(levels, plan.Analysis.Options), sweeps.Any(s => s.Document.Interrupted));
        SweepRunner.WriteFiles(outputDirectory, document, writeReport);
        SweepPrinter.Print(context.Out, [new ModelSweep(document.Model ?? "endpoint", document.Levels, document.Analysis)]);
        context.Out.WriteLine($"Merged {sweeps.Count} shards: {Path.GetFullPath(outputDirectory)} (sweep.json, sweep.csv{(writeReport ? ", report.html, charts/" : "")}; each level's shards.md)");
        return document.Interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    private const string PartialHint = "merge the shards there are with --allow-partial (the result then covers only their share of the load).";

    /// <summary>One run's shards merged; null with the problems when they are of different runs, or incomplete without --allow-partial.</summary>
    private static (MergedRun? Merged, List<string> Problems) MergeLevel(IReadOnlyList<string> directories, bool allowPartial, CliContext context, string prefix)
    {
        var (loaded, incomplete) = ShardDirectory.LoadAll(directories);
        var (refusals, missing) = ShardMerger.Check(loaded);
        if (refusals.Count > 0)
        {
            // nothing loaded: the directories' own problems say why
            return (null, [.. (loaded.Count == 0 ? incomplete : []).Concat(refusals).Select(r => prefix + r)]);
        }
        var gaps = incomplete.Concat(missing).Select(gap => prefix + gap).ToList();
        if (gaps.Count > 0 && !allowPartial)
        {
            return (null, [.. gaps, PartialHint]);
        }
        gaps.ForEach(context.Warn);
        return (ShardMerger.Merge(loaded), []);
    }
}
