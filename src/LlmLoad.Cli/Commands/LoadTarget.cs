using System.CommandLine;
using LlmLoad.Core.Running;
using LlmLoad.Core.Validation;
using LlmLoad.Simulator.Http;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// Where load goes: the user's <c>--base-url</c>, or, without one, the embedded simulator started
/// in-process on 127.0.0.1 (a free port, real sockets) and stopped when the command ends.
/// </summary>
internal sealed record LoadTarget(RunOptions Options, SimulatorProfile? Simulator)
{
    /// <summary>Binds the run flags and the target; every problem goes to <paramref name="problems"/>.</summary>
    public static LoadTarget Bind(ParseResult parse, RunOptionSet optionSet, CliContext context, List<string> problems)
    {
        var baseUrlText = parse.GetValue(optionSet.BaseUrl);
        var urlProblems = new List<OptionProblem>();
        var baseUrl = baseUrlText is null ? null : RunOptionSet.ParseBaseUrl(baseUrlText, urlProblems);
        problems.AddRange(CliOptionNames.Describe(urlProblems));
        var simulator = baseUrlText is null ? LoadProfile(parse.GetValue(optionSet.SimProfile)!, "--sim-profile", problems) : null;
        if (baseUrlText is not null && RunOptionSet.Given(parse, optionSet.SimProfile))
        {
            problems.Add("--sim-profile picks the embedded simulator, which --base-url replaces; give one of them.");
        }
        var options = optionSet.Bind(parse, baseUrl ?? new Uri("http://127.0.0.1"), context.TimeProvider.GetLocalNow(), problems);
        return new LoadTarget(options, simulator);
    }

    /// <summary>Loads a shipped profile by name or a custom one from a JSON file; null with a problem added when it cannot.</summary>
    public static SimulatorProfile? LoadProfile(string nameOrPath, string flag, List<string> problems)
    {
        try
        {
            return ProfileCatalog.Load(nameOrPath);
        }
        catch (ProfileLoadException exception)
        {
            problems.Add($"{flag}: {exception.Message}");
            return null;
        }
    }

    /// <summary>Starts the simulator when there is no base URL; the returned options point at it.</summary>
    public async Task<(RunOptions Options, SimulatorServer? Server)> StartAsync(CliContext context, CancellationToken cancellationToken)
    {
        foreach (var notice in Options.Endpoint.ReplacedCredentialNotices())
        {
            context.Warn(notice);
        }
        if (Simulator is null)
        {
            return (Options, null);
        }
        var server = await SimulatorServer.StartAsync(
            new SimulatorServerOptions { Profile = Simulator, Port = 0, Seed = Options.Workload.Seed + 1 }, cancellationToken);
        context.Error.WriteLine($"no --base-url: benchmarking the embedded simulator, profile {Simulator.Name} ({Simulator.Description}), at {server.BaseUrl}");
        return (Options with { Endpoint = Options.Endpoint with { BaseUrl = server.BaseUrl } }, server);
    }
}
