namespace LlmLoad.Simulator.Http;

/// <summary>How a request to the simulator ended, for <c>/metrics</c>.</summary>
internal enum RequestOutcome
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
