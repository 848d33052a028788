namespace LlmLoad.Core.Metrics;

/// <summary>Where a ramp's run turned: the second TTFT left its floor or errors began, with the load offered then.</summary>
/// <param name="TimeSeconds">Start of the turning second, from the first request.</param>
/// <param name="OfferedLoad">Load offered in that second: sends scheduled (rate ramp) or users active (users ramp).</param>
/// <param name="Reason">"ttft" or "errors".</param>
/// <param name="TtftFloorMs">Median TTFT p50 of the first seconds; null when there were too few to have one.</param>
/// <param name="TtftP50Ms">TTFT p50 in the turning second (null when none arrived in it).</param>
/// <param name="Errors">Failed requests in the turning second.</param>
/// <param name="Completions">Successful requests in the turning second.</param>
public sealed record RampTurnPoint(double TimeSeconds, double OfferedLoad, string Reason, double? TtftFloorMs, double? TtftP50Ms, int Errors, int Completions);
