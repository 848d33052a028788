using System.Globalization;
using LlmLoad.Core.Load;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Sharding;
using LlmLoad.Core.Transport;
using LlmLoad.Core.Workload;

namespace LlmLoad.Core.Running;

/// <summary>
/// Plays one session of a multi-turn run, as a chat application's user would.
/// </summary>
/// <remarks>
/// For each user turn in order:
/// 1. after the first, wait the drawn think time from the end of the previous reply (the turn is due then: the wait is
///    in no latency, and a late wake-up shows as queue time);
/// 2. end the session, counted, if its prompt plus max_tokens would exceed <c>--max-context-tokens</c>;
/// 3. take a request index from the budget (none left: the run is over, the session is cut);
/// 4. send the system prompt, every earlier turn and its reply (the server's own text, or the dataset's), then this
///    turn; record it with its session id and turn number;
/// 5. a failed turn ends the session (counted); the user goes on to their next session.
/// Think times come from a per-session seeded stream, so a session waits the same whichever user (or shard) runs it.
/// A shard (<see cref="ShardSpec"/>) plays the run's sessions and claims the run's requests whose index is its own
/// mod N: its local session k is the run's session <c>shard.GlobalIndex(k)</c> (its script, think times and
/// <c>session_id</c>), and so is its k-th request, so every turn of a conversation stays on one shard and the shards'
/// records never share a session or an index.
/// </remarks>
internal sealed class SessionRunner(
    SessionWorkload workload,
    OpenAiRequestBuilder builder,
    Func<int, string> modelOfScript,
    RequestExecutor executor,
    RequestBudget budget,
    LoadOptions load,
    ShardSpec shard,
    bool chat,
    RunClock clock,
    RunProgress progress,
    SessionCounters counters,
    Action<RequestRecord> onRecord,
    Action? exchangeEnded = null)
{
    /// <summary>Runs this shard's session <paramref name="local"/> (from 0): the run's session <c>s</c>, which plays script <c>s % count</c>.</summary>
    /// <param name="stopScheduling">The user's stop: no further turn starts.</param>
    /// <param name="inFlight">Cancels requests in flight (after the stop's grace period).</param>
    public async Task RunAsync(int local, double dueAtMs, CancellationToken stopScheduling, CancellationToken inFlight)
    {
        var session = shard.GlobalIndex(local);
        var script = workload.Sessions[session % workload.Sessions.Count];
        // a conversation stays with one model, as a user's chat does
        var model = modelOfScript(session % workload.Sessions.Count);
        var history = new SessionHistory(script, chat);
        var thinking = WorkloadRandom.ForSession(load.Seed, WorkloadRandom.ThinkTimes, session);
        var sessionId = "s" + session.ToString(CultureInfo.InvariantCulture);
        var started = false;
        try
        {
            while (true)
            {
                var turn = history.NextTurn;
                var turnsLeft = history.TurnCount - history.NextTurnIndex;
                if (stopScheduling.IsCancellationRequested || (history.NextTurnIndex > 0 && !await WaitUntilAsync(dueAtMs, stopScheduling).ConfigureAwait(false)))
                {
                    counters.CutByRunEnd(turnsLeft);
                    return;
                }
                if (load.MaxContextTokens is { } limit && history.NextPromptTokens + turn.MaxOutputTokens > limit)
                {
                    started = started || Start();
                    counters.EndedByContextLimit(turnsLeft);
                    return;
                }
                if (!budget.TryClaim(out var claimed))
                {
                    if (started)
                    {
                        counters.CutByRunEnd(turnsLeft);
                    }
                    return;
                }
                started = started || Start();

                // the run's request index: warm-up exactly when it is in the single run (ShardSpec.Apply splits the warm-up so)
                var index = shard.GlobalIndex(claimed);
                var item = history.NextRequest();
                var reply = workload.History == HistoryMode.Server && turnsLeft > 1 ? new ReplyCapture() : null;
                var request = new PreparedRequest(index, index < load.WarmupRequests, builder.Build(item, model), item.PromptTokens, item.MaxOutputTokens)
                {
                    Reply = reply,
                    Model = model,
                };
                progress.OnSent();
                var record = await executor.ExecuteAsync(request, dueAtMs, inFlight, exchangeEnded).ConfigureAwait(false)
                    with { SessionId = sessionId, Turn = history.NextTurnIndex + 1 };
                onRecord(record);
                progress.OnFinished(record.IsSuccess, record.OutputTokens);
                if (!record.IsSuccess)
                {
                    if (record.Outcome == RequestOutcome.Cancelled)
                    {
                        counters.CutByRunEnd(turnsLeft - 1);
                    }
                    else
                    {
                        counters.EndedByFailure(turnsLeft - 1);
                    }
                    return;
                }
                if (turnsLeft == 1)
                {
                    counters.Completed();
                    return;
                }

                var text = reply?.Text ?? turn.DatasetReply
                    ?? throw new InvalidOperationException("a dataset-history turn before the last has no dataset reply");
                history.AddReply(text, reply is null ? turn.DatasetReplyTokens ?? workload.Tokenizer.CountTokens(text) : workload.Tokenizer.CountTokens(text));
                dueAtMs = (record.DoneAtMs ?? clock.NowMs()) + load.ThinkTime.Sample(thinking).TotalMilliseconds;
            }
        }
        finally
        {
            if (started)
            {
                progress.OnSessionEnded();
            }
        }
    }

    private bool Start()
    {
        counters.Started();
        progress.OnSessionStarted();
        return true;
    }

    /// <summary>Waits until <paramref name="dueAtMs"/> on the run clock; false when the run is stopped first.</summary>
    private async Task<bool> WaitUntilAsync(double dueAtMs, CancellationToken stopScheduling)
    {
        try
        {
            // timers count whole milliseconds and may round down: wait again until the clock says it is time
            for (var remainingMs = dueAtMs - clock.NowMs(); remainingMs > 0; remainingMs = dueAtMs - clock.NowMs())
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(remainingMs)), clock.TimeProvider, stopScheduling).ConfigureAwait(false);
            }
            return true;
        }
        catch (OperationCanceledException) when (stopScheduling.IsCancellationRequested)
        {
            return false;
        }
    }
}
