using System.CommandLine;
using LlmLoad.Cli;
using LlmLoad.Cli.Commands;

var context = new CliContext(Console.Out, Console.Error, TimeProvider.System);
return await LlmLoadCli.InvokeAsync(args, context);
