namespace LlmLoad.Core.Recording;

/// <summary>The snake_case names of <see cref="RequestOutcome"/> used in every file and table.</summary>
public static class RequestOutcomeNames
{
    public static string ToName(this RequestOutcome outcome) => outcome switch
    {
        RequestOutcome.Ok => "ok",
        RequestOutcome.HttpStatus => "http_status",
        RequestOutcome.Connect => "connect",
        RequestOutcome.TimeoutTtft => "timeout_ttft",
        RequestOutcome.TimeoutIdle => "timeout_idle",
        RequestOutcome.TimeoutTotal => "timeout_total",
        RequestOutcome.StreamTruncated => "stream_truncated",
        RequestOutcome.MalformedEvent => "malformed_event",
        RequestOutcome.EmptyOutput => "empty_output",
        RequestOutcome.NotStreamed => "not_streamed",
        RequestOutcome.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "unknown outcome"),
    };

    public static bool TryParse(string name, out RequestOutcome outcome)
    {
        foreach (var candidate in Enum.GetValues<RequestOutcome>())
        {
            if (candidate.ToName() == name)
            {
                outcome = candidate;
                return true;
            }
        }
        outcome = default;
        return false;
    }
}
