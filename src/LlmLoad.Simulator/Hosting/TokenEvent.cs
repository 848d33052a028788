namespace LlmLoad.Simulator.Hosting;

/// <summary>What the engine thread tells a request's stream at a step boundary.</summary>
public enum TokenEventKind : byte
{
    /// <summary>The request has <see cref="TokenEvent.GeneratedTokens"/> tokens now.</summary>
    Tokens,

    /// <summary>The engine's waiting queue was full (<c>max_waiting</c>): answer 429.</summary>
    QueueFull,
}

/// <summary>One step's news for one request. <see cref="IsFinal"/> marks its last token.</summary>
/// <param name="Kind">Tokens, or a rejection.</param>
/// <param name="GeneratedTokens">Tokens the request has after this step.</param>
/// <param name="IsFinal">True on the last token (and on a rejection).</param>
/// <param name="StepEndTimestamp">When the engine thread published the step (<see cref="System.Diagnostics.Stopwatch"/> ticks): how late a reader is.</param>
public readonly record struct TokenEvent(TokenEventKind Kind, int GeneratedTokens, bool IsFinal, long StepEndTimestamp);
