namespace LlmLoad.Simulator.Engine;

/// <summary>
/// What one engine step produced: the sequences that generated a token (in batch order), and those
/// among them that finished. The lists belong to the engine and are reused by the next step.
/// </summary>
public readonly record struct StepResult(IReadOnlyList<EngineSequence> Emitted, IReadOnlyList<EngineSequence> Finished);
