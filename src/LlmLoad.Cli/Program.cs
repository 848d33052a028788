using System.CommandLine;
using LlmLoad.Cli;
using LlmLoad.Cli.Commands;
using LlmLoad.Core.Transport;

SocketCompletions.PreferInline();

var context = new CliContext(Console.Out, Console.Error, TimeProvider.System);
return await LlmLoadCli.InvokeAsync(args, context);
