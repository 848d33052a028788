namespace LlmLoad.Cli;

/// <summary>The process edges a command talks to: output streams and the clock (replaced in tests).</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, TimeProvider timeProvider)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>Prints each problem as one <c>error:</c> line and returns <paramref name="exitCode"/>.</summary>
    public int Fail(int exitCode, IEnumerable<string> problems)
    {
        foreach (var problem in problems)
        {
            Error.WriteLine("error: " + problem);
        }
        return exitCode;
    }

    public void Warn(string warning) => Error.WriteLine("warning: " + warning);
}
