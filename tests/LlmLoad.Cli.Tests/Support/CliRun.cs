namespace LlmLoad.Cli.Tests.Support;

/// <summary>What one in-process invocation of the CLI printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>Runs <c>llmload</c> with <paramref name="args"/> in this process, capturing both streams.</summary>
    public static async Task<CliRun> InvokeAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await LlmLoadCli.InvokeAsync(args, new CliContext(output, error, TimeProvider.System));
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The lines written to stderr, without line-end characters.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToArray();
}
