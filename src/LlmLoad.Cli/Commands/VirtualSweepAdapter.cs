using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Sweep;
using LlmLoad.Simulator.Virtual;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// Turns the simulator's virtual-time level results into sweep levels, so that predictions go through
/// the same analysis, sweep.json, plots and report as measurements. This mapping lives in the CLI because
/// Core and the simulator share no types by design.
/// </summary>
internal static class VirtualSweepAdapter
{
    public static SweepLevel ToSweepLevel(VirtualLevelResult result) => new(result.Concurrency, new RunSummary
    {
        Completed = result.Succeeded,
        Failed = result.Failed,
        DurationSeconds = result.WindowSeconds,
        TotalInputTokens = (long)Math.Round(result.InputTokensPerSecond * result.WindowSeconds),
        TotalOutputTokens = (long)Math.Round(result.OutputTokensPerSecond * result.WindowSeconds),
        Ttft = ToStats(result.Ttft),
        Tpot = ToStats(result.Tpot),
        Itl = ToStats(result.Itl),
        E2el = ToStats(result.E2el),
        MeanTokensPerChunk = result.MeanTokensPerEvent,
        ErrorsByClass = [.. result.FailuresByKind
            .Where(failure => failure.Value > 0)
            .GroupBy(failure => ErrorClass(failure.Key))
            .Select(group => new ErrorCount(group.Key, null, group.Sum(failure => failure.Value)))
            .OrderBy(error => error.Outcome)],
        ErrorsByClassAndStatus = [.. result.FailuresByKind
            .Where(failure => failure.Value > 0)
            .Select(failure => new ErrorCount(ErrorClass(failure.Key), HttpStatus(failure.Key), failure.Value))
            .OrderBy(error => error.Outcome).ThenBy(error => error.HttpStatus)],
        MaxConcurrency = result.Concurrency,
    });

    private static LatencyStats ToStats(LatencySummary summary) => summary.Count == 0
        ? LatencyStats.Empty
        : new LatencyStats
        {
            Count = summary.Count,
            Mean = summary.Mean,
            P50 = summary.P50,
            P90 = summary.P90,
            P95 = summary.P95,
            P99 = summary.P99,
            Max = summary.Max,
        };

    private static RequestOutcome ErrorClass(SimulatedFailure failure) => failure switch
    {
        SimulatedFailure.StreamCut or SimulatedFailure.Disconnect => RequestOutcome.StreamTruncated,
        SimulatedFailure.MalformedEvent => RequestOutcome.MalformedEvent,
        _ => RequestOutcome.HttpStatus,
    };

    private static int? HttpStatus(SimulatedFailure failure) => failure switch
    {
        SimulatedFailure.ContextLength400 => 400,
        SimulatedFailure.RejectedOverload503 or SimulatedFailure.Injected503 => 503,
        SimulatedFailure.Injected429 or SimulatedFailure.QueueFull429 => 429,
        SimulatedFailure.Injected500 => 500,
        SimulatedFailure.FirstByteTimeout504 => 504,
        _ => null,
    };
}
