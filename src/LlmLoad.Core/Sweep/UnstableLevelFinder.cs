namespace LlmLoad.Core.Sweep;

/// <summary>
/// Finds the repeated levels where a repeat failed badly and the others did not (pure): at each level with two or more
/// repeats, a repeat whose success rate is below <see cref="SweepAnalysisOptions.MinSuccessRate"/> while at least one
/// other repeat's is at or above it. The worst such repeat is named, with the best other one as the comparison.
/// </summary>
internal static class UnstableLevelFinder
{
    public static IReadOnlyList<UnstableLevel> Find(IEnumerable<SweepLevel> levels, SweepAnalysisOptions options)
    {
        var unstable = new List<UnstableLevel>();
        foreach (SweepLevel level in levels.Where(l => l.Repeats.Count >= 2))
        {
            (double Rate, int Repeat)[] rates = [.. level.Repeats
                .Select((run, index) => (Rate: run.SuccessRate, Repeat: index + 1))
                .Where(r => r.Rate is not null)
                .Select(r => (r.Rate!.Value, r.Repeat))];
            if (rates.Length < 2)
            {
                continue;
            }
            (double worst, int repeat) = rates.MinBy(r => r.Rate);
            double best = rates.Max(r => r.Rate);
            if (worst < options.MinSuccessRate && best >= options.MinSuccessRate)
            {
                int failing = rates.Count(r => r.Rate < options.MinSuccessRate);
                string finding = $"{SweepFormat.Level(level.Concurrency)} is unstable: repeat {repeat} of {level.Repeats.Count} had a success rate of "
                    + $"{SweepFormat.Percent(worst)} while {(failing == 1 ? "the others" : "others")} reached {SweepFormat.Percent(best)} "
                    + $"({failing} of {rates.Length} repeats below {SweepFormat.ThresholdPercent(options.MinSuccessRate)}); its means hide a run that lost requests.";
                unstable.Add(new UnstableLevel(level.Concurrency, repeat, worst, best, finding));
            }
        }
        return unstable;
    }
}
