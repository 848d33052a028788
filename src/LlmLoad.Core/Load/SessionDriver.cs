using LlmLoad.Core.Recording;
using LlmLoad.Core.Schedules;

namespace LlmLoad.Core.Load;

/// <summary>
/// Applies a <see cref="LoadOptions"/> to sessions (multi-turn): decides when session <c>s</c> starts and runs it.
/// Closed loop: <see cref="LoadOptions.Concurrency"/> users, each running sessions back to back. Open loop:
/// sessions arrive at <see cref="LoadOptions.RequestsPerSecond"/> (a session rate) on the arrival schedule, and
/// the in-flight cap, when set, counts active sessions. Either way the run ends when the <see cref="RequestBudget"/>
/// or <see cref="LoadOptions.NumSessions"/> is used up, or on a stop.
/// </summary>
public sealed class SessionDriver(LoadOptions options, RunClock clock, RequestBudget budget)
{
    /// <summary>Runs session <paramref name="session"/> (from 0), whose first turn is due at <paramref name="dueAtMs"/> on the run clock.</summary>
    public delegate Task RunSessionAsync(int session, double dueAtMs);

    private int SessionLimit => options.NumSessions ?? int.MaxValue;

    /// <summary>Runs until the budget or session count is used up or <paramref name="stopScheduling"/> fires; then waits for active sessions.</summary>
    public Task RunAsync(RunSessionAsync run, CancellationToken stopScheduling) =>
        options.IsOpenLoop ? RunOpenLoopAsync(run, stopScheduling) : RunClosedLoopAsync(run, stopScheduling);

    private async Task RunClosedLoopAsync(RunSessionAsync run, CancellationToken stopScheduling)
    {
        var next = -1;
        var users = Enumerable.Range(0, options.Concurrency ?? 1).Select(_ => Task.Run(async () =>
        {
            while (!stopScheduling.IsCancellationRequested && !budget.Exhausted)
            {
                var session = Interlocked.Increment(ref next);
                if (session >= SessionLimit)
                {
                    return;
                }
                await run(session, clock.NowMs()).ConfigureAwait(false);
            }
        }, CancellationToken.None));
        await Task.WhenAll(users).ConfigureAwait(false);
    }

    /// <summary>How many sessions an open loop starts in its first <paramref name="span"/> (0 for a closed loop).</summary>
    public int SessionsStartingWithin(TimeSpan span) => options.IsOpenLoop
        ? options.RateArrivalOffsetsMs().Take(SessionLimit).TakeWhile(offsetMs => offsetMs < span.TotalMilliseconds).Count()
        : 0;

    private async Task RunOpenLoopAsync(RunSessionAsync run, CancellationToken stopScheduling)
    {
        using var activeCap = options.Concurrency is { } cap ? new SemaphoreSlim(cap, cap) : null;
        // the schedule is cut when the budget runs out; a session due after that point finds it empty and sends
        // nothing, so the run can end up to one arrival gap after its last request
        var offsetsMs = options.RateArrivalOffsetsMs()
            .TakeWhile((_, session) => session < SessionLimit && !budget.Exhausted);
        await new OpenLoopScheduler(clock, (session, dueAtMs) => run(session, dueAtMs), activeCap)
            .RunAsync(offsetsMs, stopScheduling).ConfigureAwait(false);
    }
}
