namespace LlmLoad.Simulator.Virtual;

/// <summary>Why a virtual-time request failed, as a client would see it.</summary>
public enum SimulatedFailure
{
    /// <summary>HTTP 503 at the hard in-flight limit.</summary>
    RejectedOverload503,

    /// <summary>HTTP 429 from fault injection.</summary>
    Injected429,

    /// <summary>HTTP 500 from fault injection.</summary>
    Injected500,

    /// <summary>HTTP 503 from fault injection.</summary>
    Injected503,

    /// <summary>HTTP 429: the engine's waiting queue was full.</summary>
    QueueFull429,

    /// <summary>HTTP 504: no first token within <c>first_byte_timeout_s</c>.</summary>
    FirstByteTimeout504,

    /// <summary>Stream closed without [DONE] in the soft overload zone (error class stream_truncated).</summary>
    StreamCut,

    /// <summary>Stream closed by fault injection (error class stream_truncated).</summary>
    Disconnect,

    /// <summary>An unparsable event (error class malformed_event).</summary>
    MalformedEvent,

    /// <summary>HTTP 400: prompt plus max_tokens exceed the profile's <c>max_model_len</c> (<see cref="Frontend.ContextLimit"/>).</summary>
    ContextLength400,
}
