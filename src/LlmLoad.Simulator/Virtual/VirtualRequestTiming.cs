namespace LlmLoad.Simulator.Virtual;

/// <summary>
/// One request of a virtual run as a client would have timed it, in ms on the run's virtual clock: the raw data a
/// prediction is summarised from, so that it carries the same statistics as a measurement (the CLI maps it to Core's
/// request record and summary; the simulator shares no types with Core).
/// </summary>
/// <remarks>
/// Kept as compact as the real path's record: one double per stream event, nothing per token. A level holds one of
/// these for every request that ended inside its measured window.
/// </remarks>
public sealed record VirtualRequestTiming
{
    /// <summary>When the virtual user sent the request.</summary>
    public required double SentAtMs { get; init; }

    /// <summary>Arrival of every text-carrying stream event, in order; the first is the first token. A merged event carries several tokens.</summary>
    public required IReadOnlyList<double> EventAtMs { get; init; }

    /// <summary>The last event of a success; for a failure, when the client saw it.</summary>
    public required double EndAtMs { get; init; }

    /// <summary>Prompt length, history and template included.</summary>
    public required int PromptTokens { get; init; }

    /// <summary>Prompt tokens found in the prefix cache (not computed).</summary>
    public int CachedPromptTokens { get; init; }

    /// <summary>Tokens generated for the request (all of them for a success, those before the failure otherwise).</summary>
    public required int OutputTokens { get; init; }

    /// <summary>The session (unique within the run) of a multi-turn workload; null for single-turn requests.</summary>
    public long? Session { get; init; }

    /// <summary>The request's turn within its session, from 1.</summary>
    public int Turn { get; init; } = 1;

    /// <summary>Why the request failed; null for a success.</summary>
    public SimulatedFailure? Failure { get; init; }

    public bool IsSuccess => Failure is null;
}
