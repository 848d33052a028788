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
        var noReport = new Option<bool>("--no-report") { Description = "Skip report.html and the charts (requests.jsonl and summary.json are still written; `llmload report DIR` draws them later)." };
        var command = new ValidatedCommand("run", "Measure one load level against an OpenAI-compatible streaming endpoint.",
            parse => Prepare(parse, options, context).Problems);
        options.AddTo(command);
        command.Options.Add(noReport);
        command.SetAction((parse, _) => ExecuteAsync(parse, options, context, !parse.GetValue(noReport)));
        return command;
    }

    private static (LoadTarget Target, List<string> Problems) Prepare(ParseResult parse, RunOptionSet optionSet, CliContext context)
    {
        var problems = new List<string>();
        return (LoadTarget.Bind(parse, optionSet, context, problems), problems);
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, RunOptionSet optionSet, CliContext context, bool writeReport)
    {
        var (target, problems) = Prepare(parse, optionSet, context);
        if (problems.Count > 0)
        {
            return context.Fail(ExitCodes.InvalidInput, problems);
        }
        if (target.Options.Endpoint.Insecure)
        {
            context.Warn("--insecure: TLS certificates are not verified; anyone on the path can read the API key.");
        }

        using var stop = new StopSignal();
        RunResult result;
        try
        {
            var (options, server) = await target.StartAsync(context, stop.Token);
            await using var _ = server;
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
            RunReportWriter.Write(result);
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
}
