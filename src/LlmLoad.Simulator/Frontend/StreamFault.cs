namespace LlmLoad.Simulator.Frontend;

/// <summary>A fault planned for an accepted request's stream, striking after a number of tokens.</summary>
public enum StreamFault
{
    None,

    /// <summary>Soft-zone overload: the connection is closed without <c>[DONE]</c> (docs/simulator.md § "Overload and faults").</summary>
    OverloadCut,

    /// <summary>Fault injection (<c>disconnect_rate</c>): the connection is closed mid-stream.</summary>
    Disconnect,

    /// <summary>Fault injection (<c>malformed_event_rate</c>): one event is written as unparsable JSON.</summary>
    MalformedEvent,
}
