namespace LlmLoad.Core.Sweep;

/// <summary>What made a level the breakpoint.</summary>
public enum BreakpointCause
{
    /// <summary>The success rate fell below the configured minimum.</summary>
    SuccessRate,

    /// <summary>After the peak, request throughput fell more than the configured fraction below it.</summary>
    ThroughputDecline,
}
