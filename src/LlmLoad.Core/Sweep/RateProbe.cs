namespace LlmLoad.Core.Sweep;

/// <summary>
/// One probe of a max-rate search: the level run at an offered rate, its SLO attainment (0 to 1; null without
/// attempts), and whether it <see cref="Holds"/> (attainment at least the target).
/// </summary>
public sealed record RateProbe(SweepLevel Level, double? SloAttainment, bool Holds)
{
    /// <summary>The offered rate in req/s.</summary>
    public double Rate => Level.Load.Value;

    /// <summary>The probe of <paramref name="level"/> against <paramref name="target"/> (0 to 1).</summary>
    public static RateProbe Of(SweepLevel level, double target) =>
        new(level, level.SloAttainment, level.SloAttainment is { } attainment && attainment >= target);
}
