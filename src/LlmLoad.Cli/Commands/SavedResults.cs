using LlmLoad.Core.Reporting;
using LlmLoad.Core.Study;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Cli.Commands;

/// <summary>What kind of results a directory holds, for <c>report</c> and <c>compare</c>.</summary>
internal static class SavedResults
{
    public enum Kind
    {
        None,
        Study,
        Sweep,
        RepeatedRun,
        Run,
    }

    /// <summary>study.json wins over sweep.json, which wins over a run's files (a repeated run's summary.json lists its repeats).</summary>
    public static Kind KindOf(string directory) =>
        !Directory.Exists(directory) ? Kind.None
        : File.Exists(Path.Combine(directory, StudyDocument.FileName)) ? Kind.Study
        : File.Exists(Path.Combine(directory, SweepJsonWriter.FileName)) ? Kind.Sweep
        : SavedRepeatedRun.IsRepeatedRunDirectory(directory) ? Kind.RepeatedRun
        : SavedRun.IsRunDirectory(directory) ? Kind.Run
        : Kind.None;

    public static string NothingThere(string directory) => Directory.Exists(directory)
        ? $"\"{directory}\" has no study.json, sweep.json, summary.json or requests.jsonl; give a directory written by llmload study, sweep or run."
        : $"\"{directory}\" is not a directory; give a directory written by llmload study, sweep or run.";

    /// <exception cref="FormatException">The file is not a sweep.json (the message names the path).</exception>
    public static SweepDocument ReadSweep(string directory)
    {
        var path = Path.Combine(directory, SweepJsonWriter.FileName);
        using var stream = File.OpenRead(path);
        try
        {
            return SweepJsonReader.Read(stream);
        }
        catch (FormatException exception)
        {
            throw new FormatException($"{path}: {exception.Message}", exception);
        }
    }
}
