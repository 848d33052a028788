using LlmLoad.Simulator.Http;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// The embedded simulator as a benchmark target: started in-process on 127.0.0.1 (a free port, real
/// sockets) when a command is given no <c>--base-url</c>, and stopped when the command ends.
/// </summary>
internal static class SimulatorTarget
{
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

    public static Task<SimulatorServer> StartAsync(SimulatorProfile profile, int seed, CancellationToken cancellationToken) =>
        SimulatorServer.StartAsync(new SimulatorServerOptions { Profile = profile, Port = 0, Seed = seed }, cancellationToken);
}
