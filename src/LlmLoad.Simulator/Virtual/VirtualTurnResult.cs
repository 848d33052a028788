namespace LlmLoad.Simulator.Virtual;

/// <summary>The requests of one turn index of multi-turn sessions, within a level's window.</summary>
/// <param name="Turn">1-based turn index.</param>
/// <param name="Requests">Successful requests of this turn.</param>
/// <param name="MeanPromptTokens">Mean prompt length, history and template included.</param>
/// <param name="MeanCachedPromptTokens">Mean prompt tokens found in the prefix cache (not computed).</param>
/// <param name="Ttft">Time to first token, ms.</param>
public sealed record VirtualTurnResult(int Turn, int Requests, double MeanPromptTokens, double MeanCachedPromptTokens, LatencySummary Ttft);
