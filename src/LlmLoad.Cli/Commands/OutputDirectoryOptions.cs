using System.CommandLine;

namespace LlmLoad.Cli.Commands;

/// <summary>The one rule of every command that writes results: an --output-dir that holds files is kept unless --overwrite.</summary>
internal static class OutputDirectoryOptions
{
    public static Option<bool> Overwrite() => new("--overwrite") { Description = "Replace the results in an --output-dir that is not empty." };

    /// <summary>Why <paramref name="directory"/> may not be written, or null when it is absent, empty or to be overwritten.</summary>
    public static string? Occupied(string directory, bool overwrite) =>
        !overwrite && Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any()
            ? $"--output-dir \"{directory}\" exists and is not empty; choose another directory or pass --overwrite."
            : null;
}
