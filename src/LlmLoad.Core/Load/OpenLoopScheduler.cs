using LlmLoad.Core.Recording;

namespace LlmLoad.Core.Load;

/// <summary>
/// Runs an open loop: one dedicated thread keeps the arrival schedule and starts each due request, itself when
/// the next one is not close, else through the thread pool. A pool busy with socket completions then delays the sends
/// it runs, but not the schedule.
/// </summary>
/// <remarks>
/// On the scheduler thread, once: ask for a short time slice (<see cref="ShortTimeSlice"/>), read the first due time,
/// warm the hand-off to the pool and the wait (<see cref="PrepareDispatch"/>), then read the start; then for request <c>i</c>:
/// 1. it is due at start + offset(i) on the run clock; wait until then (<see cref="WaitUntil"/>), or until Ctrl-C;
/// 2. with an in-flight cap, block until a slot is free; the request keeps its due time, so the wait shows as queue time;
/// 3. count it as pending and start its send: on this thread up to the send's first await when the next request is due more
///    than <see cref="InlineSendSlackMs"/> later, else on the pool, so a burst is not sent one after another.
/// The scheduler itself counts as pending until it stops. Whoever brings the count to zero completes the run,
/// with the first exception a send threw (as <c>Task.WhenAll</c> would), so nothing a send throws is lost.
/// Measured before this design (2000 req/s, 100-token streams): with <c>Task.Delay</c> on the shared pool and
/// each send run inline up to its first await, the schedule lag p99 reached 3.3 s (BENCHMARKS.md § "Runtime settings").
/// </remarks>
internal sealed class OpenLoopScheduler
{
    // Managed timed waits have whole-millisecond resolution: with them a send due in under a millisecond went
    // out up to ~1 ms late (2000 req/s: lag p50 0.66, p99 2.6-3.8 ms). The last millisecond is slept with
    // usleep instead (p50 0.12, p99 1.4-2.0 ms, same CPU); spinning to the due time cost a core (0.61 vs 0.27 ms
    // of client CPU per request, BENCHMARKS.md § "Runtime settings"). Only the last few microseconds are spun.
    private const double SpinWindowMs = 0.05;

    // Waking a pool thread for a send took 0.06-0.1 ms at p50 and 1-3.6 ms at p99 (trace replay, 46 and 186 req/s);
    // starting it here takes 0.002 ms, and the send's synchronous part (building the message, the socket write) well
    // under this slack, so the next due time is still met. Sends due closer together go to the pool as before, as at
    // 2000 req/s sending every request from this thread lagged more (BENCHMARKS.md § "Runtime settings").
    private const double InlineSendSlackMs = 1;

    private readonly RunClock _clock;
    private readonly LoadDriver.SendAsync _send;
    private readonly SemaphoreSlim? _inFlightCap;
    private readonly bool _onSystemClock;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Set by a timer of a test's TimeProvider. Never disposed: a late callback may still be setting it, and it
    // holds no kernel handle as long as nobody reads its WaitHandle.
    private readonly ManualResetEventSlim _providerTimerFired = new();
    // never disposed, as _providerTimerFired
    private readonly ManualResetEventSlim _dispatchPrepared = new();
    private int _pending = 1;
    private Exception? _firstError;

    public OpenLoopScheduler(RunClock clock, LoadDriver.SendAsync send, SemaphoreSlim? inFlightCap)
    {
        _clock = clock;
        _send = send;
        _inFlightCap = inFlightCap;
        _onSystemClock = clock.TimeProvider == TimeProvider.System;
    }

    /// <summary>Sends request <c>i</c> at start + <paramref name="offsetsMs"/>[i]; completes when scheduling has stopped and every send has ended.</summary>
    /// <param name="offsetsMs">Due times in milliseconds from the start, already cut to the run's length.</param>
    /// <param name="stopScheduling">Stops new sends (Ctrl-C); sends in flight carry on.</param>
    public Task RunAsync(IEnumerable<double> offsetsMs, CancellationToken stopScheduling)
    {
        var thread = new Thread(() => Schedule(offsetsMs, stopScheduling))
        {
            IsBackground = true,
            Name = "llmload open-loop scheduler",
        };
        thread.Start();
        return _drained.Task;
    }

    private void Schedule(IEnumerable<double> offsetsMs, CancellationToken stopScheduling)
    {
        try
        {
            ShortTimeSlice.TryRequest();
            // the first due time is read before the start: building the enumerator compiles its code, which would
            // otherwise delay a first request due at once
            using var offsets = offsetsMs.GetEnumerator();
            var more = offsets.MoveNext();
            PrepareDispatch(stopScheduling);
            var startMs = _clock.NowMs();
            var index = 0;
            while (more)
            {
                var dueMs = startMs + offsets.Current;
                WaitUntil(dueMs, stopScheduling);
                // a capped request that waits here keeps its due time: the wait shows as queue time
                _inFlightCap?.Wait(stopScheduling);
                if (stopScheduling.IsCancellationRequested)
                {
                    // a slot freed as the stop came can still be taken (SemaphoreSlim looks at its count before
                    // the token when a late-woken waiter runs): give it back, nothing goes out after a stop
                    _inFlightCap?.Release();
                    stopScheduling.ThrowIfCancellationRequested();
                }
                // the next due time, read only now: a schedule cut by a budget (SessionDriver) looks at it as this one goes out
                more = offsets.MoveNext();
                var nextDueMs = more ? startMs + offsets.Current : double.PositiveInfinity;
                Interlocked.Increment(ref _pending);
                if (nextDueMs - _clock.NowMs() > InlineSendSlackMs)
                {
                    // time to spare before the next one: start the send here, where the due time was kept
                    _ = SendOneAsync(index++, dueMs);
                }
                else
                {
                    // QueueUserWorkItem (not the Unsafe one) flows the caller's ExecutionContext to the send, as the
                    // inline call does; with the default context that costs a reference copy
                    ThreadPool.QueueUserWorkItem(Dispatch, (Scheduler: this, Index: index++, DueMs: dueMs), preferLocal: false);
                }
            }
        }
        catch (OperationCanceledException) when (stopScheduling.IsCancellationRequested)
        {
            // Ctrl-C: stop scheduling, let what is in flight end
        }
        catch (Exception exception)
        {
            RecordError(exception);
        }
        finally
        {
            FinishOne();
        }
    }

    /// <summary>
    /// Runs the hand-off to the pool once, with no request, and one short wait through every step of
    /// <see cref="WaitUntil"/>, before the run's start is read: the first request of a replay otherwise paid for
    /// compiling them and binding usleep, and reached the server 7-15 ms (load average 25), then 1-3 ms (quiet), later
    /// than the rest (BENCHMARKS.md § "Trace replay: arrival times").
    /// </summary>
    private void PrepareDispatch(CancellationToken stopScheduling)
    {
        if (_onSystemClock)
        {
            // long enough for a coarse wait, a fine sleep and a spin
            WaitUntil(_clock.NowMs() + 2.5, stopScheduling);
        }
        ThreadPool.QueueUserWorkItem(Dispatch, (Scheduler: this, Index: -1, DueMs: double.NaN), preferLocal: false);
        _dispatchPrepared.Wait(stopScheduling);
    }

    /// <summary>On a pool thread: starts request <c>Index</c>'s send (index -1: only says the pool ran it).</summary>
    private static void Dispatch((OpenLoopScheduler Scheduler, int Index, double DueMs) state)
    {
        if (state.Index < 0)
        {
            state.Scheduler._dispatchPrepared.Set();
            return;
        }
        _ = state.Scheduler.SendOneAsync(state.Index, state.DueMs);
    }

    /// <summary>Returns at <paramref name="dueMs"/> on the run clock, at once if that has passed; throws if scheduling is stopped first.</summary>
    private void WaitUntil(double dueMs, CancellationToken stopScheduling)
    {
        var spinner = new SpinWait();
        while (true)
        {
            stopScheduling.ThrowIfCancellationRequested();
            var remainingMs = dueMs - _clock.NowMs();
            if (remainingMs <= 0)
            {
                return;
            }
            // a wait beyond int.MaxValue ms (~25 days, a very low rate) is done in parts
            var waitMs = Math.Min(remainingMs, int.MaxValue);
            if (!_onSystemClock)
            {
                // a test's clock moves only when the test advances it, so only its own timer can say when
                WaitForProviderTimer(dueMs, TimeSpan.FromMilliseconds(waitMs), stopScheduling);
                continue;
            }
            // not the TimeProvider's timer: System timers fire on the thread pool, the queue this thread avoids
            if (waitMs >= 2)
            {
                // coarse and woken by Ctrl-C; whole milliseconds, so it stops short and the rest is slept finely
                stopScheduling.WaitHandle.WaitOne((int)waitMs - 1);
            }
            else if (waitMs > SpinWindowMs)
            {
                if (!FineSleep.TrySleep(waitMs - SpinWindowMs))
                {
                    stopScheduling.WaitHandle.WaitOne(1);
                }
            }
            else
            {
                // a few busy spins, then sched_yield; never Sleep(1), which would overshoot
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    private void WaitForProviderTimer(double dueMs, TimeSpan delay, CancellationToken stopScheduling)
    {
        _providerTimerFired.Reset();
        using var timer = _clock.TimeProvider.CreateTimer(
            static state => ((ManualResetEventSlim)state!).Set(), _providerTimerFired, delay, Timeout.InfiniteTimeSpan);
        // the clock may have moved on between reading it and creating the timer; the timer then counts from the later time
        if (_clock.NowMs() < dueMs)
        {
            _providerTimerFired.Wait(stopScheduling);
        }
    }

    private async Task SendOneAsync(int index, double dueMs)
    {
        try
        {
            await _send(index, dueMs).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            RecordError(exception);
        }
        finally
        {
            _inFlightCap?.Release();
            FinishOne();
        }
    }

    private void RecordError(Exception exception) => Interlocked.CompareExchange(ref _firstError, exception, null);

    private void FinishOne()
    {
        if (Interlocked.Decrement(ref _pending) != 0)
        {
            return;
        }
        if (Volatile.Read(ref _firstError) is { } error)
        {
            _drained.SetException(error);
        }
        else
        {
            _drained.SetResult();
        }
    }
}
