namespace LlmLoad.Core.Study;

/// <summary>How a study target's numbers were obtained.</summary>
public enum StudyTargetMode
{
    /// <summary>Real requests over HTTP, in real time (an endpoint or the embedded simulator).</summary>
    Measured,

    /// <summary>Predicted by the simulator's engine in virtual time; no HTTP.</summary>
    Simulated,
}
