using System.CommandLine;
using System.Globalization;
using LlmLoad.Cli.Console;
using LlmLoad.Cli.Study;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Workload;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// <c>llmload study FILE</c>: several endpoints or models, one baseline level and one sweep each, then the throughput
/// and latency tables, the charts over all targets and one report.
/// </summary>
internal static class StudyCommand
{
    /// <summary>What <c>--quick</c> scales request counts by.</summary>
    public const double QuickScale = 0.1;

    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The study file (YAML), e.g. examples/radiant-study.yaml." };
        var outputDir = new Option<string?>("--output-dir") { Description = "Result directory (default results/<yyyyMMdd-HHmmss>-<study name>)." };
        var overwrite = OutputDirectoryOptions.Overwrite();
        var scale = CliValues.OptionalDouble("--requests-scale", "Send this fraction (at most 1) of every request count, for a quick look; each level still sends one request per user and at least 20.", 0);
        var quick = new Option<bool>("--quick") { Description = string.Create(CultureInfo.InvariantCulture, $"Same as --requests-scale {QuickScale}.") };
        var command = new Command("study", "Run a study file: several endpoints or models, a baseline level and a concurrency sweep each, one report.");
        command.Arguments.Add(file);
        foreach (var option in new Option[] { outputDir, overwrite, scale, quick })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, _) =>
        {
            var problems = new List<string>();
            var requestsScale = parse.GetValue(scale) ?? (parse.GetValue(quick) ? QuickScale : 1);
            if (parse.GetValue(scale) is not null && parse.GetValue(quick))
            {
                problems.Add("--quick and --requests-scale both set the request scale; give one.");
            }
            if (requestsScale > 1)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"--requests-scale \"{requestsScale}\" must be above 0 and at most 1."));
            }
            var studyProblems = new StudyProblems(parse.GetValue(file)!);
            var study = StudyFileReader.Read(studyProblems.File, studyProblems);
            problems.AddRange(studyProblems.Messages);
            var directory = parse.GetValue(outputDir)
                ?? Path.Combine("results", $"{context.TimeProvider.GetLocalNow():yyyyMMdd-HHmmss}-{study?.Name ?? "study"}");
            if (OutputDirectoryOptions.Occupied(directory, parse.GetValue(overwrite)) is { } occupied)
            {
                problems.Add(occupied);
            }
            if (problems.Count > 0 || study is null)
            {
                return context.Fail(ExitCodes.InvalidInput, problems);
            }

            using var stop = new StopSignal();
            StudyRunner.Outcome outcome;
            try
            {
                outcome = await new StudyRunner(context).RunAsync(study, directory, requestsScale, stop.Token);
            }
            catch (WorkloadException exception)
            {
                return context.Fail(ExitCodes.InvalidInput, [exception.Message]);
            }

            Print(context.Out, outcome.Results);
            context.Out.WriteLine($"Results: {Path.GetFullPath(directory)} (study.json, tables.md, report.html, charts/, one directory per target)");
            if (outcome.Results.Document.Interrupted)
            {
                return ExitCodes.Interrupted;
            }
            if (outcome.SomeTargetUnusable)
            {
                return ExitCodes.EndpointUnusable;
            }
            return study.Sweep.Analysis.Slo is not null && outcome.Results.Models.Any(model => model.Analysis?.MaxConcurrencyWithinSlo?.Load is null)
                ? ExitCodes.SloNotMet
                : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The baselines' throughput and latency tables, then every sweep's tables, verdicts and readings.</summary>
    public static void Print(TextWriter output, Core.Study.StudyResults results)
    {
        if (results.Baselines.Count > 0)
        {
            var tables = ThroughputLatencyTables.From(results.Baselines);
            var console = ResultPrinter.CreateConsole(output);
            var at = results.Document.BaselineConcurrency is { } c ? string.Create(CultureInfo.InvariantCulture, $" at max concurrency {c}") : "";
            output.WriteLine($"Baseline{at}:");
            console.Write(ResultPrinter.ToSpectre(tables.Throughput));
            console.Write(ResultPrinter.ToSpectre(tables.Latency));
        }
        if (results.Models.Count > 0)
        {
            SweepPrinter.Print(output, results.Models);
        }
        foreach (var failed in results.Document.Targets.Where(target => target.Error is not null))
        {
            output.WriteLine($"{failed.Name}: {failed.Error}");
        }
    }
}
