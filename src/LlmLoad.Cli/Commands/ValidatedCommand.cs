using System.CommandLine;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// A command whose value checks (beyond what the parser does) can also run when the parser already
/// found errors, so the user sees every problem in one go.
/// </summary>
internal sealed class ValidatedCommand(string name, string description, Func<ParseResult, IEnumerable<string>> validateValues)
    : Command(name, description)
{
    /// <summary>The command's own problems with the values given; values the parser rejected are skipped.</summary>
    public IEnumerable<string> ValidateValues(ParseResult parse)
    {
        try
        {
            return validateValues(parse).ToList();
        }
        catch (InvalidOperationException)
        {
            // a value the parser rejected cannot be read back; its error is already reported
            return [];
        }
    }
}
