using LlmLoad.Core.Reporting;

namespace LlmLoad.Core.Sharding;

/// <summary>One shard's result directory read back: its <c>shard.json</c> and its run (records and summary).</summary>
public sealed record ShardDirectory(string Path, ShardManifest Manifest, SavedRun Run)
{
    /// <summary>
    /// Reads each directory; one that is missing or half-written (no <c>shard.json</c> or <c>summary.json</c>: the shard
    /// never started or did not finish; a file that does not parse: it was still being written) is not loaded and is
    /// described, one line each, in <c>Incomplete</c>.
    /// </summary>
    public static (IReadOnlyList<ShardDirectory> Loaded, IReadOnlyList<string> Incomplete) LoadAll(IEnumerable<string> directories)
    {
        var loaded = new List<ShardDirectory>();
        var incomplete = new List<string>();
        foreach (var directory in directories)
        {
            if (Describe(directory) is { } problem)
            {
                incomplete.Add(problem);
                continue;
            }
            try
            {
                loaded.Add(new ShardDirectory(directory, ShardManifestJson.Read(System.IO.Path.Combine(directory, ShardManifest.FileName)), SavedRun.Load(directory)));
            }
            catch (Exception exception) when (exception is FormatException or InvalidDataException)
            {
                incomplete.Add($"{directory} is half-written: {exception.Message}");
            }
        }
        return (loaded, incomplete);
    }

    private static string? Describe(string directory) =>
        !Directory.Exists(directory) ? $"{directory} does not exist."
        : !File.Exists(System.IO.Path.Combine(directory, SavedRun.SummaryFileName)) ? $"{directory} has no {SavedRun.SummaryFileName}: the shard did not finish (or never started)."
        : !File.Exists(System.IO.Path.Combine(directory, ShardManifest.FileName)) ? $"{directory} has no {ShardManifest.FileName}: not the result of a --shard run."
        : !File.Exists(System.IO.Path.Combine(directory, SavedRun.RecordsFileName)) ? $"{directory} has no {SavedRun.RecordsFileName}: the shard's records are gone."
        : null;
}
