namespace LlmLoad.Core.Tests.Workload;

/// <summary>Finds checked-in test data and writes throwaway dataset files.</summary>
internal static class TestFiles
{
    /// <summary>
    /// A file under tests/LlmLoad.Core.Tests/TestData, found by walking up from the test binaries
    /// (bin/Debug/net10.0), so the project file needs no copy rule.
    /// </summary>
    public static string Data(string name) => Find("TestData", name);

    /// <summary>A file under the repository's examples/ folder (fixtures the docs use too), found the same way.</summary>
    public static string Example(string name) => Find("examples", name);

    private static string Find(string folder, string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{folder}/{name} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Writes <paramref name="content"/> to a fresh temporary directory as <paramref name="fileName"/>.</summary>
    public static TempFile Write(string fileName, string content) => Write(fileName, System.Text.Encoding.UTF8.GetBytes(content));

    public static TempFile Write(string fileName, byte[] content)
    {
        var directory = Directory.CreateTempSubdirectory("llmload-workload-");
        var path = Path.Combine(directory.FullName, fileName);
        File.WriteAllBytes(path, content);
        return new TempFile(path);
    }
}

/// <summary>A temporary file deleted (with its directory) on dispose.</summary>
internal sealed class TempFile(string path) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose() => Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
}
