using System.CommandLine;
using LlmLoad.Cli.Console;
using LlmLoad.Core.Running;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;

namespace LlmLoad.Cli.Commands;

/// <summary><c>llmload sweep</c>: a concurrency ramp, its analysis (peak, knee, breakpoint, SLO ceiling), plots and report.</summary>
internal static class SweepCommand
{
    public static Command Create(CliContext context)
    {
        var runOptions = new RunOptionSet(perLevelLoadFromSweep: true);
        var sweepOptions = new SweepOptionSet();
        var command = new ValidatedCommand("sweep", "Ramp concurrency level by level and find where throughput plateaus and requests start failing.",
            parse => Prepare(parse, runOptions, sweepOptions, context).Problems);
        runOptions.AddTo(command);
        sweepOptions.AddTo(command);
        command.SetAction((parse, _) => ExecuteAsync(parse, runOptions, sweepOptions, context));
        return command;
    }

    private static (LoadTarget Target, SweepOptions Sweep, List<string> Problems) Prepare(
        ParseResult parse, RunOptionSet runOptions, SweepOptionSet sweepOptions, CliContext context)
    {
        var problems = new List<string>();
        var target = LoadTarget.Bind(parse, runOptions, context, problems);
        var sweep = sweepOptions.Bind(parse, target.Options, problems);
        return (target, sweep, problems);
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, RunOptionSet runOptions, SweepOptionSet sweepOptions, CliContext context)
    {
        var (target, sweep, problems) = Prepare(parse, runOptions, sweepOptions, context);
        if (problems.Count > 0)
        {
            return context.Fail(ExitCodes.InvalidInput, problems);
        }
        using var stop = new StopSignal();
        var (options, server) = await target.StartAsync(context, stop.Token);
        await using var _ = server;
        sweep = sweep with { Template = options };
        context.Error.WriteLine($"sweep over c = {string.Join(", ", sweep.Plan.Levels)}");

        var runner = SweepPrinter.CreateRunner(context, sweep.Repeats);
        SweepResult result;
        try
        {
            result = await runner.RunAsync(sweep, stop.Token);
        }
        catch (EndpointException exception)
        {
            return context.Fail(ExitCodes.EndpointUnusable, [exception.Message]);
        }
        catch (WorkloadException exception)
        {
            return context.Fail(ExitCodes.InvalidInput, [exception.Message]);
        }
        catch (EndpointResetException exception)
        {
            return context.Fail(ExitCodes.EndpointUnusable, [CliOptionNames.Describe(exception.Problem)]);
        }

        var label = result.Document.Model ?? "endpoint";
        SweepPrinter.Print(context.Out, [new ModelSweep(label, result.Document.Levels, result.Document.Analysis)]);
        context.Out.WriteLine($"Results: {Path.GetFullPath(result.OutputDirectory)} (sweep.json, sweep.csv, report.html, charts/)");
        if (result.Document.Interrupted)
        {
            return ExitCodes.Interrupted;
        }
        if (result.Document.Levels.Count > 0 && result.Document.Levels.All(level => level.SuccessRate == 0))
        {
            return context.Fail(ExitCodes.AllRequestsFailed, ["every measured request of every level failed; each level's requests.jsonl has the error classes."]);
        }
        return sweep.Analysis.Slo is not null && result.Document.Analysis.MaxConcurrencyWithinSlo?.Concurrency is null
            ? ExitCodes.SloNotMet
            : ExitCodes.Success;
    }
}
