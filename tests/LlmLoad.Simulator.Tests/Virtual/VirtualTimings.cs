using LlmLoad.Simulator.Virtual;

namespace LlmLoad.Simulator.Tests.Virtual;

/// <summary>
/// Latencies of a virtual level's successful requests, from their timings, for tests that check the engine model
/// (the product summarises timings with Core's summariser in the CLI; these tests stay within the simulator).
/// </summary>
internal static class VirtualTimings
{
    public static IEnumerable<VirtualRequestTiming> Successful(this VirtualLevelResult result) => result.Requests.Where(r => r.IsSuccess);

    public static double TtftMs(this VirtualRequestTiming timing) => timing.EventAtMs[0] - timing.SentAtMs;

    public static double MeanTtftMs(this IEnumerable<VirtualRequestTiming> timings) => timings.Average(TtftMs);

    public static double MeanTtftMs(this VirtualLevelResult result) => result.Successful().MeanTtftMs();

    /// <summary>Mean of (last − first) / (tokens − 1) over requests of more than one token.</summary>
    public static double MeanTpotMs(this VirtualLevelResult result) => result.Successful()
        .Where(r => r.OutputTokens > 1)
        .Average(r => (r.EventAtMs[^1] - r.EventAtMs[0]) / (r.OutputTokens - 1));

    /// <summary>Mean gap between events, pooled over requests (a merged event is one gap).</summary>
    public static double MeanItlMs(this VirtualLevelResult result)
    {
        var streams = result.Successful().Where(r => r.EventAtMs.Count > 1).ToList();
        return streams.Sum(r => r.EventAtMs[^1] - r.EventAtMs[0]) / streams.Sum(r => r.EventAtMs.Count - 1);
    }

    /// <summary>Successful requests by turn, turn 1 first.</summary>
    public static IReadOnlyList<VirtualRequestTiming[]> ByTurn(this VirtualLevelResult result) =>
        [.. result.Successful().GroupBy(r => r.Turn).OrderBy(g => g.Key).Select(g => g.ToArray())];
}
