namespace LlmLoad.Simulator.Virtual;

/// <summary>Requests over a whole virtual run, warm-up included: <c>Sent = Succeeded + Failed + InFlight</c>.</summary>
public sealed record RequestCounts(long Sent, long Succeeded, long Failed, long InFlight);
