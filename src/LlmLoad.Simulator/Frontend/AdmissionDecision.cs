namespace LlmLoad.Simulator.Frontend;

/// <summary>Everything the HTTP-layer model decided for one request when it arrived.</summary>
/// <param name="Outcome">Accepted or rejected, and why.</param>
/// <param name="ErrorStatusCode">The HTTP status of a rejection (503, or 429/500/503 when injected); 0 when accepted.</param>
/// <param name="OutputTokens">Tokens the engine will generate: max_tokens, or fewer on an early end-of-sequence.</param>
/// <param name="StopsEarly">True when <paramref name="OutputTokens"/> ends on EOS (finish_reason <c>stop</c>).</param>
/// <param name="Fault">A planned stream fault, or <see cref="StreamFault.None"/>.</param>
/// <param name="FaultAfterTokens">The fault strikes once this many tokens were generated (and fewer than all).</param>
/// <param name="FrontendMs">Model time between arrival and the engine queue, in ms.</param>
public readonly record struct AdmissionDecision(
    AdmissionOutcome Outcome,
    int ErrorStatusCode,
    int OutputTokens,
    bool StopsEarly,
    StreamFault Fault,
    int FaultAfterTokens,
    double FrontendMs)
{
    public bool IsAccepted => Outcome == AdmissionOutcome.Accepted;

    /// <summary>True when the fault strikes as the generated count moves from <paramref name="before"/> to <paramref name="after"/> tokens.</summary>
    public bool FaultStrikesBetween(int before, int after) =>
        Fault != StreamFault.None && before < FaultAfterTokens && FaultAfterTokens <= after && FaultAfterTokens < OutputTokens;
}
