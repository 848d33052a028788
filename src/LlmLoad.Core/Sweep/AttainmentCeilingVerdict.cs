namespace LlmLoad.Core.Sweep;

/// <summary>
/// Max concurrency at the SLO attainment target: the highest level where at least
/// <see cref="Target"/> (0 to 1) of the attempted requests met every per-request SLO of
/// <see cref="Slo"/>, with that level's attainment and goodput (req/s); <see cref="Load"/>
/// is null when no level reached the target. Answers "how many users can this endpoint take within my SLO?".
/// </summary>
public sealed record AttainmentCeilingVerdict(LoadPoint? Load, double? SloAttainment, double? Goodput, double Target, string Slo, SweepEvidence Evidence);
