namespace LlmLoad.Core.Metrics;

/// <summary>
/// How a multi-turn run's sessions ended. Every started session ends exactly one way, so
/// <see cref="Started"/> = <see cref="Completed"/> + <see cref="EndedByFailure"/> + <see cref="EndedByContextLimit"/> + <see cref="CutByRunEnd"/>.
/// Per-turn and per-session timings are derived from the records (<c>session_id</c>, <c>turn</c>), not from here.
/// </summary>
/// <param name="Started">Sessions that sent a turn, or were ended at their first turn by the context limit.</param>
/// <param name="Completed">Sessions that got a reply to every user turn.</param>
/// <param name="EndedByFailure">Sessions ended by a failed turn (any error class but <c>cancelled</c>); the user goes on to the next session.</param>
/// <param name="EndedByContextLimit">Sessions ended before a turn whose prompt plus max_tokens would exceed <c>--max-context-tokens</c> (not an error).</param>
/// <param name="CutByRunEnd">Sessions still going when the run ended (request count or duration reached, or a stop).</param>
/// <param name="TurnsSkipped">User turns of started sessions that were never sent because their session ended early.</param>
public sealed record SessionCounts(long Started, long Completed, long EndedByFailure, long EndedByContextLimit, long CutByRunEnd, long TurnsSkipped)
{
    /// <summary>The counts of several clients' sessions taken together (the shards of one run): every count adds up.</summary>
    public static SessionCounts Sum(IEnumerable<SessionCounts> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return parts.Aggregate(new SessionCounts(0, 0, 0, 0, 0, 0), (sum, part) => new SessionCounts(
            sum.Started + part.Started, sum.Completed + part.Completed, sum.EndedByFailure + part.EndedByFailure,
            sum.EndedByContextLimit + part.EndedByContextLimit, sum.CutByRunEnd + part.CutByRunEnd, sum.TurnsSkipped + part.TurnsSkipped));
    }

    /// <summary>One line for the console: <c>Sessions: 100 started, 96 completed, 1 ended by a failed turn, ...</c>.</summary>
    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Sessions: {Started} started, {Completed} completed, {EndedByFailure} ended by a failed turn, {EndedByContextLimit} by the context limit, {CutByRunEnd} cut by the run's end; {TurnsSkipped} turns not sent");
}
