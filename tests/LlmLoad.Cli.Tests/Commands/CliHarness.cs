namespace LlmLoad.Cli.Tests.Commands;

/// <summary>Runs the CLI in-process with captured output, in a temporary directory deleted afterwards.</summary>
internal sealed class CliHarness : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"llmload-cli-{Guid.NewGuid():N}");

    public CliHarness() => System.IO.Directory.CreateDirectory(Directory);

    /// <summary>A path inside the temporary directory.</summary>
    public string PathOf(params string[] parts) => Path.Combine([Directory, .. parts]);

    /// <summary>Writes a file into the temporary directory and returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text);
        return path;
    }

    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await LlmLoadCli.InvokeAsync(args, new CliContext(output, error, TimeProvider.System));
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>stderr as lines, without trailing carriage returns or empty lines.</summary>
    public static string[] Lines(string text) =>
        [.. text.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0)];

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
