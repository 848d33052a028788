namespace LlmLoad.Cli.Tests.Support;

/// <summary>Files of the repository the tests hold the product to (docs, the Dockerfile), found from the test assembly's folder.</summary>
internal static class RepositoryFile
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LlmLoad.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no LlmLoad.slnx above {AppContext.BaseDirectory}");
    });

    /// <summary>The full path of <paramref name="relativePath"/> (forward slashes) under the repository root.</summary>
    public static string PathOf(string relativePath) => Path.Combine(Root.Value, relativePath);

    /// <summary>The file's text with line ends as <c>\n</c>.</summary>
    public static string ReadText(string relativePath) => File.ReadAllText(PathOf(relativePath)).ReplaceLineEndings("\n");
}
