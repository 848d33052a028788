namespace LlmLoad.Core.Transport;

/// <summary>What one SSE <c>data:</c> payload of an OpenAI-compatible stream turned out to be.</summary>
public enum StreamEventKind
{
    /// <summary>A JSON chunk (it may carry text, a finish reason, usage, or nothing).</summary>
    Chunk,
    /// <summary>The <c>[DONE]</c> sentinel.</summary>
    Done,
    /// <summary>A JSON object with an <c>error</c> member.</summary>
    Error,
    /// <summary>Not JSON, or JSON of the wrong shape.</summary>
    Malformed,
}
