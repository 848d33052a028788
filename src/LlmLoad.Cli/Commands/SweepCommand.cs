using System.CommandLine;
using System.Globalization;
using LlmLoad.Cli.Console;
using LlmLoad.Core.Running;
using LlmLoad.Core.Sweep;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;

namespace LlmLoad.Cli.Commands;

/// <summary><c>llmload sweep</c>: a concurrency ramp, its analysis (peak, knee, breakpoint, SLO ceiling), plots and report (unless <c>--no-report</c>).</summary>
internal static class SweepCommand
{
    public static Command Create(CliContext context)
    {
        var runOptions = new RunOptionSet(perLevelLoadFromSweep: true);
        var sweepOptions = new SweepOptionSet();
        var shards = new ShardOptionSet();
        var noReport = new Option<bool>("--no-report") { Description = "Skip report.html and the charts (sweep.json, sweep.csv and each level's requests.jsonl and summary.json are still written; `llmload report DIR` draws them later)." };
        var command = new ValidatedCommand("sweep", "Ramp concurrency level by level and find where throughput plateaus and requests start failing.",
            parse => Prepare(parse, runOptions, sweepOptions, shards, context).Problems);
        runOptions.AddTo(command);
        sweepOptions.AddTo(command);
        command.Options.Add(noReport);
        foreach (var option in shards.All)
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, _) => parse.GetValue(shards.Processes) > 1
            ? RunShardsAsync(parse, runOptions, sweepOptions, shards, noReport, context)
            : ExecuteAsync(parse, runOptions, sweepOptions, shards, context, !parse.GetValue(noReport)));
        return command;
    }

    private static (LoadTarget Target, SweepOptions Sweep, List<string> Problems) Prepare(
        ParseResult parse, RunOptionSet runOptions, SweepOptionSet sweepOptions, ShardOptionSet shardOptions, CliContext context)
    {
        var problems = new List<string>();
        var target = LoadTarget.Bind(parse, runOptions, context, problems);
        var (shard, processes) = shardOptions.Bind(parse, target.Options, context.TimeProvider.GetUtcNow(), problems);
        target = target with { Options = target.Options with { Shard = shard } };
        var sweep = sweepOptions.Bind(parse, target.Options, problems);
        if (shard is not null || processes > 1)
        {
            ShardOptionSet.CheckSweep(sweep, shard?.Spec.Count ?? processes, problems);
        }
        if (RunOptionSet.Given(parse, runOptions.Arrival) && sweep.Rates is null)
        {
            problems.Add("--arrival shapes open-loop arrivals and needs --rate; add --rate (e.g. 10,20,40) or drop --arrival.");
        }
        return (target, sweep, problems);
    }

    /// <summary><c>--processes N</c>: the sweep as N child processes (<see cref="ShardProcesses"/>), against one embedded simulator when there is no --base-url.</summary>
    /// <remarks>As a run's: the children write no report (only the merged sweep is drawn), the merged one none either with --no-report.</remarks>
    private static async Task<int> RunShardsAsync(ParseResult parse, RunOptionSet runOptions, SweepOptionSet sweepOptions, ShardOptionSet shardOptions, Option<bool> noReport, CliContext context)
    {
        var (target, _, problems) = Prepare(parse, runOptions, sweepOptions, shardOptions, context);
        return problems.Count > 0
            ? context.Fail(ExitCodes.InvalidInput, problems)
            : await ShardProcesses.RunAsync(parse, target, [runOptions.OutputDir, runOptions.SimProfile, shardOptions.Processes, noReport], ["--no-report"],
                parse.GetValue(shardOptions.Processes), !parse.GetValue(noReport), context);
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, RunOptionSet runOptions, SweepOptionSet sweepOptions, ShardOptionSet shardOptions, CliContext context, bool writeReport)
    {
        var (target, sweep, problems) = Prepare(parse, runOptions, sweepOptions, shardOptions, context);
        if (problems.Count > 0)
        {
            return context.Fail(ExitCodes.InvalidInput, problems);
        }
        using var stop = new StopSignal(StdioStartGate.ParentStoppedOf(target.Options));
        var (options, server) = await target.StartAsync(context, stop.Token);
        await using var _ = server;
        // the started target changes the endpoint only; the load (a rate sweep's in-flight cap) stays as bound
        sweep = sweep with { Template = options with { Load = sweep.Template.Load } };
        context.Error.WriteLine(sweep.Rates is { } rates ? $"sweep over offered rates = {string.Join(", ", rates.Levels)} req/s" : $"sweep over c = {string.Join(", ", sweep.Plan.Levels)}");

        var runner = SweepPrinter.CreateRunner(context, sweep.Repeats, writeReport);
        SweepResult result;
        try
        {
            if (sweep.MaxRateSearch is { } precision)
            {
                return await FindMaxRateAsync(context, runner, sweep, precision, stop.Token);
            }
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
        context.Out.WriteLine($"Results: {Path.GetFullPath(result.OutputDirectory)} (sweep.json, sweep.csv{(writeReport ? ", report.html, charts/" : "")})");
        if (result.Document.Interrupted)
        {
            return ExitCodes.Interrupted;
        }
        if (result.Document.Levels.Count > 0 && result.Document.Levels.All(level => level.SuccessRate == 0))
        {
            return context.Fail(ExitCodes.AllRequestsFailed, ["every measured request of every level failed; each level's requests.jsonl has the error classes."]);
        }
        return sweep.Analysis.Slo is not null && result.Document.Analysis.MaxConcurrencyWithinSlo?.Load is null
            ? ExitCodes.SloNotMet
            : ExitCodes.Success;
    }

    /// <summary>--find-max-rate: one line per probe on stdout as it ends, then the finding; exit 4 when no rate held.</summary>
    private static async Task<int> FindMaxRateAsync(CliContext context, SweepRunner runner, SweepOptions sweep, RatePrecision precision, CancellationToken cancellationToken)
    {
        context.Error.WriteLine($"searching {sweep.Rates!.Levels[0].ToString(CultureInfo.InvariantCulture)}..{sweep.Rates.Levels[^1].ToString(CultureInfo.InvariantCulture)} req/s "
            + $"for the highest rate with >= {(sweep.Analysis.MinSloAttainment * 100).ToString("0.###", CultureInfo.InvariantCulture)}% SLO attainment, to within {precision}");
        var finder = new MaxRateFinder(runner, context.TimeProvider)
        {
            ProbeFinished = probe => context.Out.WriteLine(MaxRateFinder.Line(probe, sweep.Analysis.MinSloAttainment)),
        };
        var result = await finder.RunAsync(sweep, precision, cancellationToken);
        context.Out.WriteLine(result.Finding);
        context.Out.WriteLine($"Results: {Path.GetFullPath(result.OutputDirectory)} ({MaxRateFinder.FileName}, sweep.json, sweep.csv{(runner.WritesReport ? ", report.html, charts/" : "")})");
        return result.Interrupted ? ExitCodes.Interrupted : result.MaxRate is null ? ExitCodes.SloNotMet : ExitCodes.Success;
    }
}
