using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Metrics;

/// <summary>
/// What a multi-turn run adds to its summary, computed from the records' <c>session_id</c> and <c>turn</c>:
/// statistics per turn index and per session. Records without a session (single-turn workloads) take no part.
/// </summary>
public sealed record MultiTurnSummary
{
    /// <summary>One entry per turn index that has an ended request, in turn order.</summary>
    public required IReadOnlyList<TurnStatistics> ByTurn { get; init; }

    public required SessionStatistics Sessions { get; init; }

    /// <summary>The summary of the measured records that carry a session, or null when none does.</summary>
    public static MultiTurnSummary? From(IReadOnlyList<RequestRecord> measured)
    {
        ArgumentNullException.ThrowIfNull(measured);
        RequestRecord[] turns = measured.Where(r => r.SessionId is not null && r.Turn is not null).ToArray();
        if (turns.Length == 0)
        {
            return null;
        }
        RequestRecord[] ended = turns.Where(r => r.Outcome != RequestOutcome.Cancelled).ToArray();
        return new MultiTurnSummary
        {
            ByTurn = ended
                .GroupBy(r => r.Turn!.Value)
                .OrderBy(g => g.Key)
                .Select(ForTurn)
                .ToList(),
            Sessions = ForSessions(turns.GroupBy(r => r.SessionId!, StringComparer.Ordinal).Select(g => g.OrderBy(r => r.Turn).ToArray()).ToArray()),
        };
    }

    private static TurnStatistics ForTurn(IGrouping<int, RequestRecord> turn)
    {
        RequestRecord[] successful = turn.Where(r => r.IsSuccess).ToArray();
        return new TurnStatistics
        {
            Turn = turn.Key,
            Requests = turn.Count(),
            Completed = successful.Length,
            MeanInputTokens = turn.Average(r => (double)r.PromptTokens),
            Ttft = LatencyStats.From(successful.Select(RequestLatency.TtftMs).OfType<double>()),
            Tpot = LatencyStats.From(successful.Select(RequestLatency.TpotMs).OfType<double>()),
        };
    }

    /// <param name="sessions">Each session's records in turn order.</param>
    private static SessionStatistics ForSessions(RequestRecord[][] sessions)
    {
        RequestRecord[][] withEnded = sessions.Where(s => s.Any(r => r.Outcome != RequestOutcome.Cancelled)).ToArray();
        return new SessionStatistics
        {
            Sessions = withEnded.Length,
            EndedByFailure = withEnded.Count(s => s[^1].Outcome is not RequestOutcome.Ok and not RequestOutcome.Cancelled),
            Interrupted = sessions.Count(s => s[^1].Outcome == RequestOutcome.Cancelled),
            MeanTurnsCompleted = withEnded.Length == 0 ? null : withEnded.Average(s => s.Count(r => r.IsSuccess)),
            DurationMs = LatencyStats.From(withEnded.Select(s => s.Max(RequestLatency.EndMs) - s[0].SentAtMs)),
            TimeToLastTokenMs = LatencyStats.From(withEnded
                .Where(s => s.Any(r => r.IsSuccess))
                .Select(s => s.Where(r => r.IsSuccess).Max(r => r.LastTokenAtMs ?? r.SentAtMs) - s[0].SentAtMs)),
        };
    }
}
