namespace LlmLoad.Core.Sweep;

/// <summary>
/// Max concurrency within SLO: the highest level meeting every condition of
/// <see cref="Slo"/> (null when none did), and that level's goodput in req/s (null when the run
/// had no per-request goodput SLO).
/// </summary>
public sealed record SloCeilingVerdict(LoadPoint? Load, double? Goodput, string Slo, SweepEvidence Evidence);
