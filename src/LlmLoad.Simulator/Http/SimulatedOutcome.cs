namespace LlmLoad.Simulator.Http;

/// <summary>How a request to the simulator ended, for <c>/metrics</c>.</summary>
internal enum SimulatedOutcome
{
    FinishedLength,
    FinishedStop,
    BadRequest,
    RejectedOverload,
    InjectedError,
    QueueFull,
    FirstByteTimeout,
    StreamCut,
    Disconnect,
    ClientAborted,
}
