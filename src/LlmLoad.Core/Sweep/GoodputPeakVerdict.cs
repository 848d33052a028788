namespace LlmLoad.Core.Sweep;

/// <summary>
/// The level with the highest request goodput (req/s meeting every per-request SLO, mean over
/// repeats; the lowest level on a tie) against <see cref="Slo"/>, and its SLO attainment (0 to 1).
/// <see cref="Load"/> is null when no level had a single good request.
/// </summary>
public sealed record GoodputPeakVerdict(LoadPoint? Load, double? Goodput, double? SloAttainment, string Slo, SweepEvidence Evidence);
