namespace LlmLoad.Core.Workload;

/// <summary>The validated multi-turn flags.</summary>
/// <param name="Turns">Synthetic sessions: user turns per session (clamped to 1..<see cref="WorkloadOptions.MaxTurns"/> when drawn).</param>
/// <param name="History">Whose replies later turns send back.</param>
internal sealed record SessionShape(TokenLengthDistribution Turns, HistoryMode History);
