using System.Text;

namespace LlmLoad.Core.Validation;

/// <summary>
/// One problem with an option's value, as data, so that each front end names the option in its own spelling:
/// the command line says <c>--input-tokens</c>, a study file <c>workload.input_tokens</c>.
/// </summary>
/// <param name="Field">The option's neutral name, one of <see cref="OptionField"/>.</param>
/// <param name="Value">The value as the message quotes it; null when the message quotes none.</param>
/// <param name="Message">
/// What is wrong and what to do, read after the option's name and value (<c>must be at least 1.</c>). It names
/// other options as <c>{field}</c>, so that every name in the line comes from the same front end.
/// </param>
public sealed record OptionProblem(string Field, string? Value, string Message)
{
    /// <summary>The problem as one line, <c>NAME "VALUE" MESSAGE</c>, with every option named by <paramref name="name"/>.</summary>
    public string Describe(Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var line = new StringBuilder(name(Field));
        if (Value is not null)
        {
            line.Append(" \"").Append(Value).Append('"');
        }
        if (!Message.StartsWith(':'))
        {
            line.Append(' ');
        }
        var at = 0;
        for (var open = Message.IndexOf('{'); open >= 0; open = Message.IndexOf('{', open + 1))
        {
            // only a known field in braces is a reference; a brace in a quoted URL or command stays as it is
            var close = Message.IndexOf('}', open);
            if (close > open && OptionField.All.Contains(Message[(open + 1)..close]))
            {
                line.Append(Message, at, open - at).Append(name(Message[(open + 1)..close]));
                at = close + 1;
            }
        }
        return line.Append(Message, at, Message.Length - at).ToString();
    }

    /// <summary>The line with the neutral names, for messages that stay inside Core (a failed <c>Parse</c>).</summary>
    public override string ToString() => Describe(field => field);
}
