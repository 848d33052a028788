using System.CommandLine;
using LlmLoad.Cli.Console;
using LlmLoad.Core.Reporting;
using LlmLoad.Core.Running;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// <c>llmload run</c>: measures one load level, prints the published study's tables and a vLLM-style result block, and
/// writes the run's report.html and charts/ unless <c>--no-report</c>.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var options = new RunOptionSet();
        var shards = new ShardOptionSet();
        var noReport = new Option<bool>("--no-report") { Description = "Skip report.html and the charts (requests.jsonl and summary.json are still written; `llmload report DIR` draws them later)." };
        var repeatOptions = new RepeatOptionSet("Run the same load this many times, each into r1, r2, ...; summary.json then gives every metric's mean and 95% confidence interval.", "repeat");
        var command = new ValidatedCommand("run", "Measure one load level against an OpenAI-compatible streaming endpoint.",
            parse => Prepare(parse, options, repeatOptions, shards, context).Problems);
        options.AddTo(command);
        command.Options.Add(noReport);
        foreach (var option in shards.All)
        {
            command.Options.Add(option);
        }
        foreach (var option in repeatOptions.All)
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, _) => parse.GetValue(shards.Processes) > 1
            ? RunShardsAsync(parse, options, repeatOptions, shards, noReport, context)
            : ExecuteAsync(parse, options, repeatOptions, shards, context, !parse.GetValue(noReport)));
        return command;
    }

    private static (LoadTarget Target, int Repeats, EndpointReset? Reset, List<string> Problems) Prepare(
        ParseResult parse, RunOptionSet optionSet, RepeatOptionSet repeatOptions, ShardOptionSet shardOptions, CliContext context)
    {
        var problems = new List<string>();
        var target = LoadTarget.Bind(parse, optionSet, context, problems);
        var reset = repeatOptions.BindReset(parse, problems);
        var (shard, processes) = shardOptions.Bind(parse, target.Options, context.TimeProvider.GetUtcNow(), problems);
        var repeats = parse.GetValue(repeatOptions.Repeats);
        if ((shard is not null || processes > 1) && repeats > 1)
        {
            problems.Add("--repeats is not supported with shards; run the repeats one after another, or drop --repeats.");
        }
        return (target with { Options = target.Options with { Shard = shard } }, repeats, reset, problems);
    }

    /// <summary><c>--processes N</c>: the run as N child processes (<see cref="ShardProcesses"/>), against one embedded simulator when there is no --base-url.</summary>
    private static async Task<int> RunShardsAsync(ParseResult parse, RunOptionSet optionSet, RepeatOptionSet repeatOptions, ShardOptionSet shardOptions, Option<bool> noReport, CliContext context)
    {
        var (target, _, _, problems) = Prepare(parse, optionSet, repeatOptions, shardOptions, context);
        return problems.Count > 0
            ? context.Fail(ExitCodes.InvalidInput, problems)
            : await ShardProcesses.RunAsync(parse, target, [optionSet.OutputDir, optionSet.SimProfile, shardOptions.Processes, noReport], ["--no-report"],
                parse.GetValue(shardOptions.Processes), !parse.GetValue(noReport), context);
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, RunOptionSet optionSet, RepeatOptionSet repeatOptions, ShardOptionSet shardOptions, CliContext context, bool writeReport)
    {
        var (target, repeats, reset, problems) = Prepare(parse, optionSet, repeatOptions, shardOptions, context);
        if (problems.Count > 0)
        {
            return context.Fail(ExitCodes.InvalidInput, problems);
        }
        if (target.Options.Endpoint.Insecure)
        {
            context.Warn("--insecure: TLS certificates are not verified; anyone on the path can read the API key.");
        }

        using var stop = new StopSignal(StdioStartGate.ParentStoppedOf(target.Options));
        RunResult result;
        try
        {
            var (options, server) = await target.StartAsync(context, stop.Token);
            await using var _ = server;
            if (repeats > 1)
            {
                return Report(context, await RepeatedAsync(context, options, repeats, reset, stop.Token));
            }
            if (reset is not null)
            {
                using var resetClient = new HttpClient { Timeout = EndpointReset.Timeout };
                await reset.RunAsync(resetClient, stop.Token);
            }
            var progress = new RunProgress();
            await using (new ProgressReporter(progress, context.TimeProvider))
            {
                result = await new LevelRunner(context.TimeProvider).RunAsync(options, progress, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
        {
            return context.Fail(ExitCodes.Interrupted, ["interrupted before the first measured request; nothing was written."]);
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

        foreach (var warning in result.Warnings)
        {
            context.Warn(warning);
        }
        ResultPrinter.Print(context.Out, result);
        if (result.Sessions is { } sessions)
        {
            context.Out.WriteLine(sessions.Describe());
        }
        if (writeReport)
        {
            RunReportWriter.Write(result.OutputDirectory,
                RunReportWriter.Input(result.Label, result.Summary, result.ClientHealth, result.Interrupted, result.Configuration, ToolInfo.Version, result.StartedAt),
                result.Records);
        }
        context.Out.WriteLine($"Results: {Path.GetFullPath(result.OutputDirectory)}");
        if (result.Interrupted)
        {
            return ExitCodes.Interrupted;
        }
        // a script must not take a run of failures for a measurement
        return result.Summary is { Completed: 0, Failed: > 0 and var failed }
            ? context.Fail(ExitCodes.AllRequestsFailed, [$"all {failed} measured requests failed; see the error classes above and requests.jsonl."])
            : ExitCodes.Success;
    }

    private static Task<RepeatedRunResult> RepeatedAsync(CliContext context, RunOptions options, int repeats, EndpointReset? reset, CancellationToken cancellationToken) =>
        new RepeatedRunner(context.TimeProvider)
        {
            RepeatStarting = (repeat, progress) =>
            {
                context.Error.WriteLine($"repeat {repeat}/{repeats}");
                return new ProgressReporter(progress, context.TimeProvider);
            },
        }.RunAsync(options, repeats, reset, cancellationToken);

    /// <summary>The table of a repeated run: every metric's mean ± 95% CI over its repeats (also <c>report</c>'s).</summary>
    public static void PrintRepeats(TextWriter output, string label, Core.Metrics.RepeatAggregate aggregate) =>
        ResultPrinter.CreateConsole(output).Write(ResultPrinter.ToSpectre(RepeatTable.Build($"{label}: {aggregate.Runs.Count} repeats", aggregate)));

    /// <summary>A repeated run's warnings, its table of repeats with the mean ± 95% CI, and its exit code.</summary>
    private static int Report(CliContext context, RepeatedRunResult result)
    {
        foreach (var warning in result.Runs.SelectMany((run, i) => run.Warnings.Select(w => $"repeat {i + 1}: {w}")))
        {
            context.Warn(warning);
        }
        if (result.Aggregate is { } aggregate)
        {
            PrintRepeats(context.Out, result.Runs[0].Label, aggregate);
        }
        context.Out.WriteLine($"Results: {Path.GetFullPath(result.OutputDirectory)} (summary.json with the aggregate; each repeat in r1, r2, ...)");
        if (result.Interrupted)
        {
            return ExitCodes.Interrupted;
        }
        return result.Runs.All(run => run.Summary is { Completed: 0, Failed: > 0 })
            ? context.Fail(ExitCodes.AllRequestsFailed, ["every measured request of every repeat failed; see each repeat's requests.jsonl for the error classes."])
            : ExitCodes.Success;
    }
}
