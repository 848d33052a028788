namespace LlmLoad.Simulator.Frontend;

/// <summary>What the modelled HTTP layer does with a new request.</summary>
public enum AdmissionOutcome
{
    /// <summary>Goes on to the frontend delay and the engine.</summary>
    Accepted,

    /// <summary>In-flight requests reached <c>hard_inflight</c>: 503 after <c>reject_ms</c>.</summary>
    RejectedOverload,

    /// <summary>Fault injection (<c>inject_error_rate</c>): a random 429, 500 or 503 after <c>reject_ms</c>.</summary>
    InjectedError,
}
