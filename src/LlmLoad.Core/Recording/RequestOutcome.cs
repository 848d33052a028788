namespace LlmLoad.Core.Recording;

/// <summary>How a request ended: <see cref="Ok"/> or one error class of metrics.md; docs/errors.md says which fault is which.</summary>
public enum RequestOutcome
{
    Ok,
    /// <summary>The server answered 4xx/5xx (status and body excerpt are in the record).</summary>
    HttpStatus,
    /// <summary>No connection was made (refused, unreachable, DNS, TLS, connect timeout): the request never reached the server.</summary>
    Connect,
    TimeoutTtft,
    /// <summary>No event for longer than the idle timeout.</summary>
    TimeoutIdle,
    TimeoutTotal,
    /// <summary>The connection ended (reset or closed) after the request was sent and before <c>[DONE]</c> or a finish reason, headers or not.</summary>
    StreamTruncated,
    /// <summary>An SSE event or response body that could not be parsed.</summary>
    MalformedEvent,
    /// <summary>A clean response without any generated text.</summary>
    EmptyOutput,
    /// <summary>A stream was asked for and a whole (non-SSE) JSON response came back: its tokens cannot be timed.</summary>
    NotStreamed,
    /// <summary>The run stopped while the request was in flight; not a failure, shown separately.</summary>
    Cancelled,
}
