using System.CommandLine;
using LlmLoad.Cli.Console;
using LlmLoad.Core.Running;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Cli.Commands;

/// <summary><c>llmload run</c>: measures one load level and prints the seed article's tables and a vLLM-style result block.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var options = new RunOptionSet();
        var command = new ValidatedCommand("run", "Measure one load level against an OpenAI-compatible streaming endpoint.",
            parse => Prepare(parse, options, context).Problems);
        options.AddTo(command);
        command.SetAction((parse, _) => ExecuteAsync(parse, options, context));
        return command;
    }

    /// <summary>The run's options, the simulator profile to start when no <c>--base-url</c> was given, and every problem.</summary>
    private static (RunOptions Options, SimulatorProfile? Simulator, List<string> Problems) Prepare(ParseResult parse, RunOptionSet optionSet, CliContext context)
    {
        var problems = new List<string>();
        var baseUrlText = parse.GetValue(optionSet.BaseUrl);
        var baseUrl = baseUrlText is null ? null : RunOptionSet.ParseBaseUrl(baseUrlText, problems);
        var simulator = baseUrlText is null ? SimulatorTarget.LoadProfile(parse.GetValue(optionSet.SimProfile)!, "--sim-profile", problems) : null;
        var options = optionSet.Bind(parse, baseUrl ?? new Uri("http://127.0.0.1"), context.TimeProvider.GetLocalNow(), problems);
        return (options, simulator, problems);
    }

    private static async Task<int> ExecuteAsync(ParseResult parse, RunOptionSet optionSet, CliContext context)
    {
        var (options, simulator, problems) = Prepare(parse, optionSet, context);
        if (problems.Count > 0)
        {
            return context.Fail(ExitCodes.InvalidInput, problems);
        }
        if (options.Endpoint.Insecure)
        {
            context.Warn("--insecure: TLS certificates are not verified; anyone on the path can read the API key.");
        }

        using var stop = new StopSignal();
        await using var server = simulator is null ? null : await SimulatorTarget.StartAsync(simulator, options.Workload.Seed + 1, stop.Token);
        if (server is not null)
        {
            context.Error.WriteLine($"no --base-url: benchmarking the embedded simulator, profile {server.Profile.Name} ({server.Profile.Description}), at {server.BaseUrl}");
            options = options with { Endpoint = options.Endpoint with { BaseUrl = server.BaseUrl } };
        }
        var progress = new RunProgress();
        RunResult result;
        try
        {
            await using (new ProgressReporter(progress, context.TimeProvider))
            {
                result = await new BenchmarkRunner(context.TimeProvider).RunAsync(options, progress, stop.Token);
            }
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
        context.Out.WriteLine($"Results: {Path.GetFullPath(result.OutputDirectory)}");
        return result.Interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
    }
}
