namespace LlmLoad.Simulator.Engine;

/// <summary>Life of an <see cref="EngineSequence"/>: New → Waiting ⇄ Running → Finished, or Aborted from any.</summary>
public enum SequenceState
{
    New,
    Waiting,
    Running,
    Finished,
    Aborted,
}
