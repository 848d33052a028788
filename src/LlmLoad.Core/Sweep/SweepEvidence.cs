namespace LlmLoad.Core.Sweep;

/// <summary>
/// Why a sweep verdict says what it says: the <see cref="Criterion"/> applied, every
/// <see cref="Observations"/> it compared (in level order), and the <see cref="Finding"/> in one sentence.
/// </summary>
public sealed record SweepEvidence(string Criterion, IReadOnlyList<SweepObservation> Observations, string Finding);
