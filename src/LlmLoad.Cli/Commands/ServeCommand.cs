using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using LlmLoad.Cli.Console;
using LlmLoad.Simulator.Http;
using LlmLoad.Simulator.Profiles;

namespace LlmLoad.Cli.Commands;

/// <summary><c>llmload serve</c>: runs the simulator standalone so any client (vLLM's benchmark, curl, the OpenAI SDKs) can use it.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var profile = new Option<string>("--profile") { Description = "Profile name (see `llmload profiles`) or a profile JSON file.", DefaultValueFactory = _ => ProfileCatalog.DefaultProfileName };
        var port = CliValues.Int("--port", "TCP port to listen on (0: any free port).", 8000, 0, IPEndPoint.MaxPort);
        var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var seed = CliValues.Int("--seed", "Seed of every random draw in the server.", 1, 0);
        var servedNames = new Option<string[]>("--served-model-name")
        {
            Description = "Model id /v1/models lists (repeatable, as for several models or LoRA adapters behind one endpoint); default: the profile's.",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("serve", "Run the serving-engine simulator as an OpenAI-compatible server until Ctrl-C.");
        command.Options.Add(profile);
        command.Options.Add(port);
        command.Options.Add(host);
        command.Options.Add(seed);
        command.Options.Add(servedNames);
        command.SetAction(async (parse, _) =>
        {
            var problems = new List<string>();
            var loaded = LoadTarget.LoadProfile(parse.GetValue(profile)!, "--profile", problems);
            if (!IPAddress.TryParse(parse.GetValue(host), out var address))
            {
                problems.Add($"--host \"{parse.GetValue(host)}\" must be an IP address such as 127.0.0.1.");
            }
            if (problems.Count > 0 || loaded is null || address is null)
            {
                return context.Fail(ExitCodes.InvalidInput, problems);
            }
            using var stop = new StopSignal();
            SimulatorServer server;
            try
            {
                server = await SimulatorServer.StartAsync(new SimulatorServerOptions
                {
                    Profile = loaded,
                    BindAddress = address,
                    Port = parse.GetValue(port),
                    Seed = parse.GetValue(seed),
                    ServedModelNames = parse.GetValue(servedNames) ?? [],
                }, stop.Token);
            }
            catch (IOException exception)
            {
                return context.Fail(ExitCodes.InvalidInput, [$"cannot listen on {address}:{parse.GetValue(port)}: {exception.Message} Pick another --port."]);
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressNotAvailable)
            {
                // Kestrel reports a port in use as an IOException, an address the machine does not have as this
                return context.Fail(ExitCodes.InvalidInput,
                    [$"cannot listen on {address}:{parse.GetValue(port)}: {exception.Message}. --host must be an address of this machine (127.0.0.1, or 0.0.0.0 for every interface)."]);
            }
            await using (server)
            {
                context.Out.WriteLine($"llmload simulator: profile {loaded.Name} ({loaded.Description})");
                context.Out.WriteLine($"listening on {server.BaseUrl} (OpenAI API under {server.BaseUrl}v1); Ctrl-C to stop");
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C: stop serving
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
