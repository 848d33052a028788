using System.Diagnostics;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Validation;

namespace LlmLoad.Core.Running;

/// <summary>
/// Resets an endpoint between sweep levels, as the published study did: runs a command (without a shell
/// unless asked, so the text is never re-interpreted) and/or POSTs to a URL, and waits for both.
/// </summary>
public sealed record EndpointReset(string? Command, Uri? Url, bool UseShell = false)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// What can be checked before a sweep starts: a command run without a shell must name a program that
    /// exists (a path, or a name found on <c>PATH</c>), so a typo is refused before any load is sent.
    /// </summary>
    public IReadOnlyList<OptionProblem> Validate()
    {
        if (Command is not { } command || UseShell)
        {
            return [];
        }
        string program;
        try
        {
            program = FromWords(command).FileName;
        }
        catch (EndpointResetException exception)
        {
            return [exception.Problem];
        }
        return ProgramExists(program)
            ? []
            : [new(OptionField.ResetCmd, null, $": program \"{program}\" not found; give its full path or a program on PATH (or pass {{reset_shell}} to run the text through /bin/sh).")];
    }

    /// <summary>Runs the reset; throws <see cref="EndpointResetException"/> naming the option that failed.</summary>
    public async Task RunAsync(HttpClient client, CancellationToken cancellationToken)
    {
        if (Command is { } command)
        {
            await RunCommandAsync(command, cancellationToken).ConfigureAwait(false);
        }
        if (Url is { } url)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            using var response = await PostAsync(client, url, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new EndpointResetException(new(OptionField.ResetUrl, null, $"{url} answered HTTP {(int)response.StatusCode}."));
            }
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            return await client.PostAsync(url, content: null, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new EndpointResetException(new(OptionField.ResetUrl, null, $"{url} cannot be reached: {exception.Message} Check the URL and that the reset service is running."), exception);
        }
    }

    private async Task RunCommandAsync(string command, CancellationToken cancellationToken)
    {
        var start = UseShell ? new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command } } : FromWords(command);
        start.UseShellExecute = false;
        if (SocketCompletions.SetForThisProcess)
        {
            // our runtime knob, not the user's: a reset command that starts a .NET server must not inherit it
            start.Environment.Remove(SocketCompletions.VariableName);
        }
        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            // Validate() catches a missing program up front; this is one that vanished or may not be executed
            throw new EndpointResetException(new(OptionField.ResetCmd, command, $"could not be started: {exception.Message}"), exception);
        }
        using var process = started ?? throw new EndpointResetException(new(OptionField.ResetCmd, command, "could not be started."));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            throw new EndpointResetException(new(OptionField.ResetCmd, command, $"exited with code {process.ExitCode}."));
        }
    }

    /// <summary>A path (anything with a slash) must exist; a bare name is looked up on PATH, as the process start does.</summary>
    private static bool ProgramExists(string program) =>
        program.Contains('/') || program.Contains(Path.DirectorySeparatorChar)
            ? File.Exists(program)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Any(directory => File.Exists(Path.Combine(directory, program))
                    || (OperatingSystem.IsWindows() && File.Exists(Path.Combine(directory, program + ".exe"))));

    /// <summary>Splits a command into words: whitespace separates, single or double quotes group.</summary>
    public static ProcessStartInfo FromWords(string command)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        char? quote = null;
        var inWord = false;
        foreach (var c in command)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        if (words.Count == 0)
        {
            throw new EndpointResetException(new(OptionField.ResetCmd, null, "is empty."));
        }
        var start = new ProcessStartInfo(words[0]);
        foreach (var argument in words.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }
}
