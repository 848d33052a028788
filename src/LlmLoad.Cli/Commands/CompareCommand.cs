using System.CommandLine;
using System.Text.Json.Nodes;
using LlmLoad.Cli.Console;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Running;
using LlmLoad.Core.Study;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Telemetry;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// <c>llmload compare DIR1 DIR2 ...</c>: runs side by side (the published study's two tables, one row per
/// directory), or sweeps side by side (the verdicts, request throughput per level, and the charts of all of
/// them overlaid; a study directory brings each of its targets' sweeps). An Outcome table comes first: success rate,
/// failures and interruption of each, and which cannot be compared with the first; rows are never ranked.
/// </summary>
internal static class CompareCommand
{
    public static Command Create(CliContext context)
    {
        var directories = new Argument<string[]>("dirs") { Description = "Run, sweep or study directories.", Arity = ArgumentArity.OneOrMore };
        var outputDir = new Option<string?>("--output-dir") { Description = "Where tables.md, the charts and report.html go (default compare-<yyyyMMdd-HHmmss>)." };
        var command = new Command("compare", "Compare saved runs or sweeps side by side, with overlay charts.");
        command.Arguments.Add(directories);
        command.Options.Add(outputDir);
        command.SetAction(parse =>
        {
            var dirs = parse.GetValue(directories)!;
            var problems = new List<string>();
            if (dirs.Length < 2)
            {
                problems.Add("compare needs at least two directories.");
            }
            var kinds = dirs.Select(SavedResults.KindOf).ToArray();
            problems.AddRange(dirs.Where((_, i) => kinds[i] == SavedResults.Kind.None).Select(SavedResults.NothingThere));
            problems.AddRange(dirs.Where((_, i) => kinds[i] == SavedResults.Kind.RepeatedRun)
                .Select(dir => $"\"{dir}\" holds a repeated run; compare its repeats' directories ({Path.Combine(dir, RepeatedRunner.RepeatDirectory(1))}, ...) instead."));
            var runs = kinds.Count(kind => kind == SavedResults.Kind.Run);
            if (runs > 0 && runs < kinds.Count(kind => kind is not (SavedResults.Kind.None or SavedResults.Kind.RepeatedRun)))
            {
                problems.Add("compare takes run directories (summary.json) or sweep and study directories (sweep.json, study.json), not a mix of both.");
            }
            if (problems.Count > 0)
            {
                return context.Fail(ExitCodes.InvalidInput, problems);
            }
            var output = parse.GetValue(outputDir) ?? $"compare-{context.TimeProvider.GetLocalNow():yyyyMMdd-HHmmss}";
            if (CreateOutputDirectory(output) is { } cannotCreate)
            {
                return context.Fail(ExitCodes.InvalidInput, [cannotCreate]);
            }
            try
            {
                return runs > 0 ? CompareRuns(dirs, output, context) : CompareSweeps(dirs, kinds, output, context);
            }
            catch (Exception exception) when (exception is FormatException or InvalidDataException or UnauthorizedAccessException)
            {
                return context.Fail(ExitCodes.InvalidInput, [exception.Message]);
            }
        });
        return command;
    }

    private static int CompareRuns(string[] dirs, string output, CliContext context)
    {
        var labels = Labels(dirs);
        var rows = new List<LabeledSummary>();
        var outcomes = new List<(ComparedResult, RunSummary)>();
        var servers = new List<(string, IReadOnlyList<ServerSummary>, RunSummary)>();
        for (var i = 0; i < dirs.Length; i++)
        {
            var run = SavedRun.Load(dirs[i]);
            run.Warnings.ToList().ForEach(context.Warn);
            rows.Add(new LabeledSummary(labels[i], run.Summary));
            outcomes.Add((new ComparedResult(labels[i], run.Interrupted, WorkloadIdentity.From(run.Configuration)), run.Summary));
            servers.Add((labels[i], run.Server, run.Summary));
        }
        var published = ThroughputLatencyTables.From(rows, rowHeader: "Run");
        ReportTable[] tables = [ComparisonTables.RunOutcomes(outcomes), published.Throughput, published.Latency, .. Optional(ServerComparisonTable.From("Run", servers))];
        WriteTables(output, tables);
        var console = ResultPrinter.CreateConsole(context.Out);
        foreach (var table in tables)
        {
            console.Write(ResultPrinter.ToSpectre(table));
        }
        WarnNotComparable(outcomes.Select(pair => pair.Item1).ToList(), context);
        context.Out.WriteLine($"Results: {Path.GetFullPath(output)} (tables.md)");
        return ExitCodes.Success;
    }

    private static int CompareSweeps(string[] dirs, SavedResults.Kind[] kinds, string output, CliContext context)
    {
        var labels = Labels(dirs);
        var models = new List<ModelSweep>();
        var outcomes = new List<(ComparedResult, ModelSweep)>();
        for (var i = 0; i < dirs.Length; i++)
        {
            if (kinds[i] == SavedResults.Kind.Study)
            {
                var warnings = new List<string>();
                var study = StudyResults.Load(dirs[i], warnings);
                warnings.ForEach(context.Warn);
                var workload = WorkloadIdentity.From(study.Document.Configuration?["workload"] as JsonObject);
                foreach (var model in study.Models.Select(model => model with { Label = $"{labels[i]}/{model.Label}" }))
                {
                    models.Add(model);
                    outcomes.Add((new ComparedResult(model.Label, study.Document.Interrupted, workload), model));
                }
            }
            else
            {
                var sweep = SavedResults.ReadSweep(dirs[i]);
                var model = new ModelSweep(labels[i], sweep.Levels, sweep.Analysis);
                models.Add(model);
                outcomes.Add((new ComparedResult(labels[i], sweep.Interrupted, WorkloadIdentity.From(sweep.Configuration)), model));
            }
        }
        var outcome = ComparisonTables.SweepOutcomes(outcomes);
        var verdicts = SweepTables.Verdicts(models);
        var throughput = ComparisonTables.RequestThroughputByLevel(models);
        // one row per sweep and level, so the engine's figures of the same level sit next to each other
        var axis = models.SelectMany(model => model.Levels).Select(level => level.Load.Axis).FirstOrDefault();
        var server = ServerComparisonTable.From(axis == LoadAxis.RequestRate ? "Sweep, req/s" : "Sweep, c", [.. models
            .SelectMany(model => model.Levels.Select(level => (Model: model.Label, Level: level)))
            .OrderBy(row => row.Level.Load.Value)
            .Select(row => ($"{row.Model}, {row.Level.Load.Number}", row.Level.Server, row.Level.Summary))]);
        WriteTables(output, [outcome, verdicts, throughput, .. Optional(server)]);
        var configuration = new JsonObject { ["compared"] = new JsonArray([.. dirs.Select(dir => (JsonNode)Path.GetFullPath(dir))]) };
        SweepReportWriter.Write(output, "llmload compare: " + string.Join(", ", models.Select(model => model.Label)), models, [], null,
            configuration, context.TimeProvider.GetUtcNow(), ToolInfo.Version);
        var console = ResultPrinter.CreateConsole(context.Out);
        console.Write(ResultPrinter.ToSpectre(outcome));
        console.Write(ResultPrinter.ToSpectre(verdicts));
        console.Write(ResultPrinter.ToSpectre(throughput));
        if (server is not null)
        {
            console.Write(ResultPrinter.ToSpectre(server));
        }
        foreach (var model in models.Where(model => model.Analysis is not null))
        {
            context.Out.WriteLine($"{model.Label}: {model.Analysis!.Reading}");
        }
        WarnNotComparable(outcomes.Select(pair => pair.Item1).ToList(), context);
        context.Out.WriteLine($"Results: {Path.GetFullPath(output)} (tables.md, report.html, charts/)");
        return ExitCodes.Success;
    }

    private static ReportTable[] Optional(ReportTable? table) => table is null ? [] : [table];

    /// <summary>Creates the output directory before anything is read; null when it is there, else the one-line reason.</summary>
    private static string? CreateOutputDirectory(string output)
    {
        try
        {
            Directory.CreateDirectory(output);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"--output-dir \"{output}\" cannot be created ({exception.Message}); choose a directory you can write to.";
        }
    }

    /// <summary>Each directory's own name, or the path as given where two names are equal.</summary>
    private static string[] Labels(string[] dirs)
    {
        var names = dirs.Select(dir => new DirectoryInfo(dir).Name).ToArray();
        return [.. names.Select((name, i) => names.Count(other => other == name) > 1 ? dirs[i].TrimEnd('/', '\\') : name)];
    }

    private static void WriteTables(string output, IEnumerable<ReportTable> tables)
    {
        Directory.CreateDirectory(output);
        using var writer = new StreamWriter(Path.Combine(output, StudyReportWriter.TablesFileName));
        writer.WriteLine("# llmload compare");
        foreach (var table in tables)
        {
            writer.WriteLine();
            MarkdownTableWriter.Write(writer, table);
        }
    }

    /// <summary>One warning per result that cannot be put beside the first one, saying why.</summary>
    private static void WarnNotComparable(IReadOnlyList<ComparedResult> results, CliContext context)
    {
        foreach (var result in results)
        {
            var reasons = result.NotComparableReasons(results[0]);
            if (reasons.Count > 0)
            {
                context.Warn($"{result.Label} is not comparable with {results[0].Label}: {string.Join("; ", reasons)}.");
            }
        }
    }
}
