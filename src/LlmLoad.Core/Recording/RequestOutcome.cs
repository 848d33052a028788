namespace LlmLoad.Core.Recording;

/// <summary>How a request ended: <see cref="Ok"/> or one error class of metrics.md.</summary>
public enum RequestOutcome
{
    Ok,
    /// <summary>The server answered 4xx/5xx (status and body excerpt are in the record).</summary>
    HttpStatus,
    /// <summary>Refused, DNS or TLS failure, reset before any response.</summary>
    Connect,
    TimeoutTtft,
    /// <summary>No event for longer than the idle timeout.</summary>
    TimeoutIdle,
    TimeoutTotal,
    /// <summary>The connection ended before <c>[DONE]</c> or a finish reason.</summary>
    StreamTruncated,
    /// <summary>An SSE event or response body that could not be parsed.</summary>
    MalformedEvent,
    /// <summary>A clean response without any generated text.</summary>
    EmptyOutput,
    /// <summary>The run stopped while the request was in flight; not a failure, shown separately.</summary>
    Cancelled,
}
