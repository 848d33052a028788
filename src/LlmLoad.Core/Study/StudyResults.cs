using LlmLoad.Core.Reporting;
using LlmLoad.Core.Sweep;

namespace LlmLoad.Core.Study;

/// <summary>
/// A study with everything its report needs: study.json's content, each target's sweep (levels and
/// analysis, in target order) and each target's baseline run, labelled with the target's name.
/// </summary>
public sealed record StudyResults(StudyDocument Document, IReadOnlyList<ModelSweep> Models, IReadOnlyList<LabeledSummary> Baselines)
{
    /// <summary>The baselines of <paramref name="document"/>'s targets that have one.</summary>
    public static IReadOnlyList<LabeledSummary> BaselinesOf(StudyDocument document) =>
        [.. document.Targets.Where(t => t.Baseline is not null).Select(t => new LabeledSummary(t.Label, t.Baseline!))];

    /// <summary>
    /// Loads a saved study directory: study.json, then each target's sweep.json (a target whose sweep
    /// never ran is left out of the charts, with a line in <paramref name="warnings"/>).
    /// </summary>
    /// <exception cref="FormatException">study.json or a sweep.json is not what llmload writes.</exception>
    public static StudyResults Load(string directory, List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        StudyDocument document;
        using (FileStream stream = File.OpenRead(Path.Combine(directory, StudyDocument.FileName)))
        {
            document = StudyJsonReader.Read(stream);
        }
        var models = new List<ModelSweep>();
        foreach (StudyTargetResult target in document.Targets)
        {
            string path = Path.Combine(directory, target.SweepDirectory, SweepJsonWriter.FileName);
            if (!File.Exists(path))
            {
                warnings.Add($"target \"{target.Name}\" has no {path}" + (target.Error is { } error ? $" ({error})" : "") + "; it is left out of the charts.");
                continue;
            }
            using FileStream stream = File.OpenRead(path);
            SweepDocument sweep = SweepJsonReader.Read(stream);
            models.Add(new ModelSweep(target.Label, sweep.Levels, sweep.Analysis));
        }
        return new StudyResults(document, models, BaselinesOf(document));
    }
}
