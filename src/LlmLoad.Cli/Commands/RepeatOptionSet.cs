using System.CommandLine;
using LlmLoad.Core.Running;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// <c>--repeats</c> and the endpoint reset run before every repeat (<c>--reset-cmd</c>, <c>--reset-shell</c>,
/// <c>--reset-url</c>), shared by <c>run</c> and <c>sweep</c>; <paramref name="unit"/> names what is repeated and reset.
/// </summary>
internal sealed class RepeatOptionSet(string repeatsDescription, string unit)
{
    public Option<int> Repeats { get; } = CliValues.Int("--repeats", repeatsDescription, 1, 1);
    public Option<string?> ResetCommand { get; } = new("--reset-cmd") { Description = $"Command run and waited for before each {unit} (no shell unless --reset-shell)." };
    public Option<bool> ResetShell { get; } = new("--reset-shell") { Description = "Run --reset-cmd through /bin/sh." };
    public Option<string?> ResetUrl { get; } = new("--reset-url") { Description = $"URL POSTed to and waited for before each {unit}." };

    public IEnumerable<Option> All => [Repeats, ResetCommand, ResetShell, ResetUrl];

    /// <summary>The reset asked for (null when none), with its problems added to <paramref name="problems"/>.</summary>
    public EndpointReset? BindReset(ParseResult parse, List<string> problems)
    {
        Uri? resetUrl = null;
        if (parse.GetValue(ResetUrl) is { } resetUrlText
            && !(Uri.TryCreate(resetUrlText, UriKind.Absolute, out resetUrl) && resetUrl.Scheme is "http" or "https"))
        {
            problems.Add($"--reset-url \"{resetUrlText}\" must be an http:// or https:// URL.");
        }
        var resetCommand = parse.GetValue(ResetCommand);
        var reset = resetCommand is null && resetUrl is null ? null : new EndpointReset(resetCommand, resetUrl, parse.GetValue(ResetShell));
        problems.AddRange(CliOptionNames.Describe(reset?.Validate() ?? []));
        return reset;
    }
}
