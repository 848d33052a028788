namespace LlmLoad.Core.Sweep;

/// <summary>
/// Finds max concurrency at the SLO attainment target: the highest level whose attainment
/// (requests meeting every per-request SLO / attempted, pooled over repeats) is at least
/// <see cref="SweepAnalysisOptions.MinSloAttainment"/>. As for max concurrency within SLO, every
/// level is checked and the highest passing one is named, even if a level below it missed (a
/// noisy level); the finding says so when one did.
/// </summary>
internal static class AttainmentCeilingFinder
{
    private const string AttainmentKey = "slo_attainment";

    /// <summary>The verdict; null when no level was measured against per-request SLOs.</summary>
    public static AttainmentCeilingVerdict? Find(SweepLevel[] levels, SweepAnalysisOptions options)
    {
        if (GoodputPeakFinder.SloText(levels) is not { } slo)
        {
            return null;
        }
        double target = options.MinSloAttainment;
        SweepObservation[] observations =
        [
            .. levels.Select(l => new SweepObservation(l.Load, AttainmentKey, l.SloAttainment, ">=", target, Holds(l, target))),
        ];
        SweepLevel? best = levels.LastOrDefault(l => Holds(l, target));
        string percent = SweepFormat.ThresholdPercent(target);
        string finding;
        if (best is null)
        {
            SweepLevel? closest = levels.Where(l => l.SloAttainment is not null).MaxBy(l => l.SloAttainment);
            finding = $"No level had at least {percent} of its requests meeting every SLO ({slo})"
                + (closest is null ? "." : $"; the best was {SweepFormat.Percent(closest.SloAttainment!.Value)} at {SweepFormat.Level(closest.Load)}.");
        }
        else
        {
            SweepLevel[] missedBelow = [.. levels.Where(l => l.Load < best.Load && !Holds(l, target))];
            finding = $"{SweepFormat.Level(best.Load)} is the highest level where at least {percent} of requests meet every SLO ({slo}): "
                + $"{SweepFormat.Percent(best.SloAttainment!.Value)}"
                + (best.Goodput is { } goodput ? $", goodput {SweepFormat.RequestRate(goodput.Mean)}" : "")
                + (missedBelow.Length == 0 ? "." : $"; {string.Join(", ", missedBelow.Select(l => SweepFormat.Level(l.Load)))} below it missed the target.");
        }
        var evidence = new SweepEvidence($"highest level with slo_attainment >= {percent} against {slo} (failed requests are misses)", observations, finding);
        return new AttainmentCeilingVerdict(best?.Load, best?.SloAttainment, best?.Goodput?.Mean, target, slo, evidence);
    }

    private static bool Holds(SweepLevel level, double target) => level.SloAttainment is { } attainment && attainment >= target;
}
