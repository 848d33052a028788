using System.CommandLine;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Cli.Commands;

/// <summary><c>llmload profiles</c>: lists the simulator's shipped profiles, one line each.</summary>
internal static class ProfilesCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("profiles", "List the embedded simulator's profiles.");
        command.SetAction(_ =>
        {
            var width = ProfileCatalog.Names.Max(name => name.Length);
            foreach (var profile in ProfileCatalog.Shipped)
            {
                context.Out.WriteLine($"{profile.Name.PadRight(width)}  {profile.Description}");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
