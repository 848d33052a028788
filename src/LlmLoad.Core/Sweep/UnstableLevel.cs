namespace LlmLoad.Core.Sweep;

/// <summary>
/// A repeated level where one or more repeats failed badly and the others did not: repeat <see cref="Repeat"/> (from 1)
/// had the success rate <see cref="RepeatSuccessRate"/> (0 to 1), below the sweep's minimum, while the best other
/// repeat had <see cref="OthersSuccessRate"/>, at or above it. The study saw this at c=3250, where one run lost a large
/// batch of requests; averaging the repeats would hide it, so the analysis names it with its <see cref="Finding"/>.
/// </summary>
public sealed record UnstableLevel(int Concurrency, int Repeat, double RepeatSuccessRate, double OthersSuccessRate, string Finding);
