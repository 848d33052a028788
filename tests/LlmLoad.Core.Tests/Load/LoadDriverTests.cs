using System.Collections.Concurrent;
using LlmLoad.Core.Load;
using LlmLoad.Core.Metrics;
using LlmLoad.Core.Recording;
using LlmLoad.Core.Schedules;
using Microsoft.Extensions.Time.Testing;

namespace LlmLoad.Core.Tests.Load;

// the open-loop tests measure how late sends start, so they run alone
[Collection(TimingSensitive.Name)]
public sealed class LoadDriverTests
{
    [Fact]
    public async Task A_closed_loop_sends_every_request_once_and_never_exceeds_its_concurrency()
    {
        // given
        var options = new LoadOptions { Concurrency = 4, NumRequests = 40, WarmupRequests = 2 };

        // when
        var (sent, peak) = await RunCountingInFlightAsync(options, TimeSpan.FromMilliseconds(1));

        // then
        Assert.Equal(Enumerable.Range(0, 42), sent);
        Assert.InRange(peak, 1, 4);
    }

    [Fact]
    public async Task A_users_ramp_adds_its_users_along_the_line_and_stops_at_the_ramps_end()
    {
        // given 1..4 users over 600 ms (users join at 0, 200, 400 and 600 ms: the last as the ramp ends), 20 ms requests
        var options = new LoadOptions { Ramp = LoadRamp.TryParse("users:linear:1..4:600ms", out _), Concurrency = 4, NumRequests = int.MaxValue / 2 };
        var clock = new RunClock(TimeProvider.System);
        var startMs = clock.NowMs();
        var sends = new ConcurrentBag<(double AtMs, int InFlight)>();
        var inFlight = 0;

        // when
        await new LoadDriver(options, clock).RunAsync(async (_, scheduledAtMs) =>
        {
            sends.Add((scheduledAtMs - startMs, Interlocked.Increment(ref inFlight)));
            await Task.Delay(20, TestContext.Current.CancellationToken);
            Interlocked.Decrement(ref inFlight);
        }, TestContext.Current.CancellationToken);

        // then one user alone until the second joins (a delay never ends early), more users later, none after the end
        // (the driver reads its start a moment after this test does: 50 ms of slack on a busy machine, on both bounds;
        // the fourth user joins as the ramp ends, so whether it sends once is a tie a busy machine can decide either way)
        Assert.All(sends.Where(s => s.AtMs < 150), s => Assert.Equal(1, s.InFlight));
        Assert.InRange(sends.Max(s => s.InFlight), 2, 4);
        Assert.All(sends, s => Assert.True(s.AtMs < 650, $"sent at {s.AtMs} ms"));
    }

    [Fact]
    public async Task An_open_loop_keeps_each_requests_due_time_even_when_the_cap_delays_it()
    {
        // given 20 arrivals at 1000 req/s, at most 1 in flight, each taking ~5 ms
        var options = new LoadOptions { Concurrency = 1, RequestsPerSecond = 1000, Arrival = new ArrivalProcess(ArrivalKind.Constant), NumRequests = 20 };
        var clock = new RunClock(TimeProvider.System);
        var driver = new LoadDriver(options, clock);
        var lags = new ConcurrentBag<(int Index, double Scheduled, double Sent)>();

        // when
        await driver.RunAsync(async (index, scheduledAtMs) =>
        {
            lags.Add((index, scheduledAtMs, clock.NowMs()));
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);

        // then: due times stay 1 ms apart while the cap makes sends fall behind them
        var ordered = lags.OrderBy(lag => lag.Index).ToArray();
        Assert.Equal(20, ordered.Length);
        Assert.InRange(ordered[^1].Scheduled - ordered[0].Scheduled, 19 - 0.01, 19 + 0.01);
        Assert.True(ordered[^1].Sent - ordered[^1].Scheduled > 40, "the last request should have queued behind the cap");
    }

    [Fact]
    public async Task Stopping_ends_scheduling_and_the_run_returns()
    {
        // given an endless duration-bounded closed loop
        var options = new LoadOptions { Concurrency = 2, Duration = TimeSpan.FromHours(1) };
        var driver = new LoadDriver(options, new RunClock(TimeProvider.System));
        using var stop = new CancellationTokenSource();
        var sent = 0;
        var sentAfterStop = 0;

        // when the tenth send stops the run
        var run = driver.RunAsync(async (_, _) =>
        {
            if (stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref sentAfterStop);
            }
            if (Interlocked.Increment(ref sent) == 10)
            {
                await stop.CancelAsync();
            }
            await Task.Yield();
        }, stop.Token);
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // then each user may have passed its check just before the stop, but sends nothing once it sees it
        // (counting sends in all was flaky: a user preempted between its tenth send and the stop let the other run on)
        Assert.True(sent >= 10, $"only {sent} sent");
        Assert.InRange(sentAfterStop, 0, 2);
    }

    [Fact]
    public async Task An_open_loop_at_2000_requests_per_second_starts_every_send_close_to_its_due_time()
    {
        // given 1000 arrivals 0.5 ms apart, no cap, each send taking ~5 ms so that ~10 overlap
        var options = new LoadOptions { Concurrency = null, RequestsPerSecond = 2000, Arrival = new ArrivalProcess(ArrivalKind.Constant), NumRequests = 1000 };
        var clock = new RunClock(TimeProvider.System);
        var driver = new LoadDriver(options, clock);
        var sends = new ConcurrentBag<(int Index, double Scheduled, double Sent)>();

        // when
        await driver.RunAsync(async (index, scheduledAtMs) =>
        {
            sends.Add((index, scheduledAtMs, clock.NowMs()));
            await Task.Yield();
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }, TestContext.Current.CancellationToken);

        // then: every request went once, on the schedule, and its send started soon after it was due
        var ordered = sends.OrderBy(send => send.Index).ToArray();
        Assert.Equal(Enumerable.Range(0, 1000), ordered.Select(send => send.Index));
        Assert.InRange(ordered[^1].Scheduled - ordered[0].Scheduled, 499.5 - 0.01, 499.5 + 0.01);
        var lags = ordered.Select(send => send.Sent - send.Scheduled).Order().ToArray();
        Assert.True(lags[0] >= 0, $"a send started {-lags[0]:F3} ms before it was due");
        // generous, to hold with both cores busy: the design before the scheduler thread reached seconds under load;
        // the lag itself (1-3 ms p99 at 2000 req/s) is measured by bench/LlmLoad.LoadCapacity (BENCHMARKS.md)
        var p99 = lags[(int)Math.Ceiling(0.99 * lags.Length) - 1];
        Assert.True(p99 < 300, $"send lag p99 was {p99:F1} ms");
    }

    [Fact]
    public async Task An_open_loops_duration_is_counted_from_the_end_of_warm_up()
    {
        // given arrivals every 1 ms, 20 of them warm-up, then 50 ms measured
        var options = new LoadOptions
        {
            Concurrency = null, RequestsPerSecond = 1000, Arrival = new ArrivalProcess(ArrivalKind.Constant),
            WarmupRequests = 20, Duration = TimeSpan.FromMilliseconds(50),
        };
        var driver = new LoadDriver(options, new RunClock(TimeProvider.System));
        var due = new ConcurrentBag<(int Index, double ScheduledMs)>();

        // when
        await driver.RunAsync((index, scheduledAtMs) =>
        {
            due.Add((index, scheduledAtMs));
            return Task.CompletedTask;
        }, TestContext.Current.CancellationToken);

        // then the warm-up came first and 50 ms of arrivals followed it (due 20..69 ms), not 50 ms in all
        var ordered = due.OrderBy(d => d.Index).ToArray();
        Assert.Equal(Enumerable.Range(0, 70), ordered.Select(d => d.Index));
        Assert.InRange(ordered[^1].ScheduledMs - ordered[20].ScheduledMs, 49 - 0.01, 49 + 0.01);
    }

    [Fact]
    public async Task An_open_loop_never_has_more_requests_in_flight_than_its_cap()
    {
        // given arrivals every 0.5 ms but at most 4 in flight, each taking ~2 ms
        var options = new LoadOptions { Concurrency = 4, RequestsPerSecond = 2000, Arrival = new ArrivalProcess(ArrivalKind.Constant), NumRequests = 200 };

        // when
        var (sent, peak) = await RunCountingInFlightAsync(options, TimeSpan.FromMilliseconds(2));

        // then
        Assert.Equal(Enumerable.Range(0, 200), sent);
        Assert.InRange(peak, 1, 4);
    }

    [Fact]
    public async Task Stopping_an_open_loop_blocked_on_its_cap_sends_nothing_more_and_waits_for_the_request_in_flight()
    {
        // given an endless open loop with one request in flight at most, whose first request is held
        var options = new LoadOptions { Concurrency = 1, RequestsPerSecond = 1000, Duration = TimeSpan.FromHours(1) };
        var driver = new LoadDriver(options, new RunClock(TimeProvider.System));
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = 0;
        var finished = 0;
        var run = driver.RunAsync(async (_, _) =>
        {
            Interlocked.Increment(ref sent);
            started.TrySetResult();
            await release.Task;
            await Task.Delay(50, TestContext.Current.CancellationToken);
            Interlocked.Increment(ref finished);
        }, stop.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // when the user stops while the scheduler waits for the cap, and the held request then ends
        await stop.CancelAsync();
        release.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // then no request went after the stop, and the run returned only once the one in flight had ended
        Assert.Equal(1, Volatile.Read(ref sent));
        Assert.Equal(1, Volatile.Read(ref finished));
    }

    [Fact]
    public async Task Stopping_an_open_loop_ends_scheduling_promptly_and_the_run_returns()
    {
        // given an endless uncapped open loop
        var options = new LoadOptions { Concurrency = null, RequestsPerSecond = 1000, Duration = TimeSpan.FromHours(1) };
        var clock = new RunClock(TimeProvider.System);
        var driver = new LoadDriver(options, clock);
        using var stop = new CancellationTokenSource();
        var sent = 0;
        var stoppedAtMs = double.NaN;
        var dueTimes = new ConcurrentBag<double>();

        // when the tenth send stops the run
        var run = driver.RunAsync(async (_, scheduledAtMs) =>
        {
            dueTimes.Add(scheduledAtMs);
            if (Interlocked.Increment(ref sent) == 10)
            {
                await stop.CancelAsync();
                Volatile.Write(ref stoppedAtMs, clock.NowMs());
            }
            await Task.Yield();
        }, stop.Token);
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // then the scheduler let through at most the one request it was handing off as the stop came; sends
        // already handed to the pool may start after the stop, so the bound is on due times, not on sends
        Assert.True(dueTimes.Count >= 10, $"only {dueTimes.Count} sent");
        Assert.InRange(dueTimes.Count(dueMs => dueMs > stoppedAtMs), 0, 1);
    }

    [Fact]
    public async Task An_exception_from_a_send_surfaces_from_the_run_after_the_other_requests_end()
    {
        // given 20 arrivals of which the sixth fails
        var options = new LoadOptions { Concurrency = null, RequestsPerSecond = 1000, Arrival = new ArrivalProcess(ArrivalKind.Constant), NumRequests = 20 };
        var driver = new LoadDriver(options, new RunClock(TimeProvider.System));
        var finished = 0;

        // when
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => driver.RunAsync(async (index, _) =>
        {
            await Task.Yield();
            if (index == 5)
            {
                throw new InvalidOperationException("send 5 failed");
            }
            await Task.Delay(5, TestContext.Current.CancellationToken);
            Interlocked.Increment(ref finished);
        }, TestContext.Current.CancellationToken));

        // then
        Assert.Equal("send 5 failed", error.Message);
        Assert.Equal(19, Volatile.Read(ref finished));
    }

    [Fact]
    public async Task An_open_loop_on_a_fake_clock_sends_each_request_when_the_clock_reaches_its_due_time()
    {
        // given 3 arrivals 100 ms apart on a clock that moves only when advanced
        var time = new FakeTimeProvider();
        var clock = new RunClock(time);
        var options = new LoadOptions { Concurrency = null, RequestsPerSecond = 10, Arrival = new ArrivalProcess(ArrivalKind.Constant), NumRequests = 3 };
        var driver = new LoadDriver(options, clock);
        var sentAtMs = new double[3];
        var sentSignals = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var run = driver.RunAsync((index, scheduledAtMs) =>
        {
            Assert.Equal(100.0 * index, scheduledAtMs);
            sentAtMs[index] = clock.NowMs();
            sentSignals[index].SetResult();
            return Task.CompletedTask;
        }, TestContext.Current.CancellationToken);

        // when the clock is advanced to each due time in turn
        await sentSignals[0].Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMilliseconds(100));
        await sentSignals[1].Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMilliseconds(100));
        await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // then each went at its due time on the fake clock, none earlier
        Assert.Equal([0.0, 100.0, 200.0], sentAtMs);
    }

    /// <summary>Runs sends that each take about <paramref name="sendTime"/>; returns the indices sent, in order, and the most in flight at once.</summary>
    private static async Task<(int[] Sent, int PeakInFlight)> RunCountingInFlightAsync(LoadOptions options, TimeSpan sendTime)
    {
        var driver = new LoadDriver(options, new RunClock(TimeProvider.System));
        var inFlight = 0;
        var peak = 0;
        var sent = new ConcurrentBag<int>();
        await driver.RunAsync(async (index, _) =>
        {
            InterlockedMax(ref peak, Interlocked.Increment(ref inFlight));
            sent.Add(index);
            await Task.Yield();
            await Task.Delay(sendTime, TestContext.Current.CancellationToken);
            Interlocked.Decrement(ref inFlight);
        }, TestContext.Current.CancellationToken);
        return ([.. sent.Order()], peak);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
