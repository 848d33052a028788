using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Sweep;
using LlmLoad.Simulator.Virtual;

namespace LlmLoad.Cli.Commands;

/// <summary>
/// Turns the simulator's virtual-time levels into sweep levels: each request timing becomes a request record, and
/// the records go through <see cref="RunSummarizer"/> as a measured run's do, so predictions carry the same
/// statistics (std, min, p99.9, multi-turn by turn...) and feed the same analysis, sweep.json, plots and report.
/// This mapping lives in the CLI because Core and the simulator share no types by design.
/// </summary>
internal static class VirtualSweepAdapter
{
    public static SweepLevel ToSweepLevel(VirtualLevelResult result) => new(result.Concurrency, Summarize(result));

    /// <summary>
    /// The level's summary. A virtual level drops its warm-up and measures a fixed window that is already steady,
    /// counting what ends inside it, so its rates divide by that window: the records' own span starts at the
    /// earliest send of a request that ended in the window, before the window, and would read low. For the same
    /// reason there is no start or drain to leave out, hence no separate steady-window estimate.
    /// </summary>
    public static RunSummary Summarize(VirtualLevelResult result) =>
        RunSummarizer.Summarize(ToRecords(result), new SummaryOptions { MaxConcurrency = result.Concurrency }) with
        {
            DurationSeconds = result.WindowSeconds,
            Steady = null,
        };

    /// <summary>
    /// The level's requests as records on the virtual clock. The event times are shared, not copied: a level can hold
    /// many requests. Stream events carry no token counts, as for a server whose chunks were not tokenised.
    /// </summary>
    public static IReadOnlyList<RequestRecord> ToRecords(VirtualLevelResult result) =>
        [.. result.Requests.Select((timing, index) => ToRecord(timing, index))];

    private static RequestRecord ToRecord(VirtualRequestTiming timing, int index)
    {
        double? first = timing.EventAtMs.Count > 0 ? timing.EventAtMs[0] : null;
        double? last = timing.EventAtMs.Count > 0 ? timing.EventAtMs[^1] : null;
        return new RequestRecord
        {
            RunId = "virtual",
            Index = index,
            SessionId = timing.Session?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Turn = timing.Session is null ? null : timing.Turn,
            ScheduledAtMs = timing.SentAtMs, // a closed loop sends when it means to
            SentAtMs = timing.SentAtMs,
            SentAtUnixMs = timing.SentAtMs,
            FirstTokenAtMs = first,
            FirstContentAtMs = first,
            LastTokenAtMs = last,
            DoneAtMs = timing.EndAtMs,
            ChunkAtMs = timing.EventAtMs,
            Outcome = timing.Failure is { } failure ? ErrorClass(failure) : RequestOutcome.Ok,
            HttpStatus = timing.Failure is { } status ? HttpStatus(status) : 200,
            ErrorMessage = timing.Failure is { } message ? ErrorMessage(message) : null,
            PromptTokens = timing.PromptTokens,
            OutputTokens = timing.OutputTokens,
            OutputTokensSource = "usage",
            UsageOutputTokens = timing.OutputTokens,
        };
    }

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
        _ => 200, // the stream had started
    };

    private static string ErrorMessage(SimulatedFailure failure) => failure switch
    {
        SimulatedFailure.RejectedOverload503 => "simulated: rejected at the in-flight limit",
        SimulatedFailure.QueueFull429 => "simulated: the engine's waiting queue was full",
        SimulatedFailure.FirstByteTimeout504 => "simulated: no first token within first_byte_timeout_s",
        SimulatedFailure.ContextLength400 => "simulated: prompt plus max_tokens exceed max_model_len",
        SimulatedFailure.StreamCut => "simulated: stream closed without [DONE] under overload",
        _ => $"simulated: injected fault ({failure})",
    };
}
