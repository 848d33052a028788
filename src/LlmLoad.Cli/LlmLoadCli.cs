using System.CommandLine;
using LlmLoad.Cli.Commands;

namespace LlmLoad.Cli;

/// <summary>The command tree and the one place where errors become exit codes.</summary>
internal static class LlmLoadCli
{
    public static RootCommand CreateRoot(CliContext context)
    {
        var root = new RootCommand("llmload: benchmark OpenAI-compatible LLM inference endpoints under production load.\n" + ExitCodes.HelpText);
        root.Options.Add(VerboseOption);
        root.Subcommands.Add(RunCommand.Create(context));
        root.Subcommands.Add(SweepCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(SimulateCommand.Create(context));
        root.Subcommands.Add(StudyCommand.Create(context));
        root.Subcommands.Add(ReportCommand.Create(context));
        root.Subcommands.Add(CompareCommand.Create(context));
        root.Subcommands.Add(MergeCommand.Create(context));
        root.Subcommands.Add(ProfilesCommand.Create(context));
        root.Subcommands.Add(KubernetesCommand.Create(context));
        return root;
    }

    /// <summary>Shows stack traces of internal errors.</summary>
    public static Option<bool> VerboseOption { get; } = new("--verbose") { Description = "Show stack traces for internal errors.", Recursive = true };

    /// <summary>Parses a command line as <see cref="InvokeAsync"/> does (also the one <c>kubernetes</c> wraps).</summary>
    public static ParseResult Parse(IReadOnlyList<string> args, CliContext context) =>
        // no response files: "@file" is a value of its own (--extra-body @schema.json, as curl's -d @file), not a file of arguments
        CreateRoot(context).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

    public static async Task<int> InvokeAsync(string[] args, CliContext context)
    {
        var parse = Parse(args, context);
        if (parse.Errors.Count > 0)
        {
            // report every problem at once: the parser's, then the command's own checks of the other values
            var problems = parse.Errors.Select(error => error.Message).ToList();
            if (parse.CommandResult.Command is ValidatedCommand command)
            {
                problems.AddRange(command.ValidateValues(parse));
            }
            return context.Fail(ExitCodes.InvalidInput, problems.Distinct());
        }
        try
        {
            // Ctrl-C is ours (StopSignal): a first one stops gracefully and still writes results
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                ProcessTerminationTimeout = null,
                EnableDefaultExceptionHandler = false,
                Output = context.Out,
                Error = context.Error,
            });
        }
        catch (Exception exception)
        {
            var detail = parse.GetValue(VerboseOption) ? exception.ToString() : exception.Message + " (run with --verbose for details)";
            return context.Fail(ExitCodes.InternalError, [$"internal error: {detail}"]);
        }
    }
}
